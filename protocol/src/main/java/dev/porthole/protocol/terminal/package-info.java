/**
 * The terminal websocket subprotocols that runner, server and browser speak: GitLab's raw and base64 ones, and
 * Porthole's own typed frames ({@code v1.terminal.porthole.dev}) with their codec.
 */
package dev.porthole.protocol.terminal;
