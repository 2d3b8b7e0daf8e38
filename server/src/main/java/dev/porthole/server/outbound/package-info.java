/**
 * The outbound-request policy: whether the server may reach loopback, private and link-local addresses (runners'
 * terminal session URLs among them), and the allowlist of addresses, ranges and domains it may reach regardless.
 */
package dev.porthole.server.outbound;
