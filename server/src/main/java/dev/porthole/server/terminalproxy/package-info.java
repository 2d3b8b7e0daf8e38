/**
 * The terminal proxy: a browser's (or a command-line client's) websocket on the server, joined to the runner's
 * session server over TLS pinned to the certificate the runner announced, with the permission checked first and the
 * connection recorded.
 */
package dev.porthole.server.terminalproxy;
