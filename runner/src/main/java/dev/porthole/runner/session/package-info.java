/**
 * The session server: TLS with a self-signed certificate (Jetty, BouncyCastle), a session per job request, and the
 * {@code /session/<id>/exec} websocket endpoint that connects a client to the job's terminal.
 */
package dev.porthole.runner.session;
