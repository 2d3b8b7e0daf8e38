/** The server's entry point and wiring: the one place that knows every feature package. */
package dev.porthole.server.app;
