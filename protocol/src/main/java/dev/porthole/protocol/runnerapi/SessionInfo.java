package dev.porthole.protocol.runnerapi;

/**
 * The terminal session a runner offers for the job it asks for.
 *
 * @param url {@code https://<advertise_address>/session/<id>}
 * @param certificate the PEM of the session server's self-signed certificate, the only one to trust
 * @param authorization the raw value to send as {@code Authorization} when connecting
 */
public record SessionInfo(String url, String certificate, String authorization) {}
