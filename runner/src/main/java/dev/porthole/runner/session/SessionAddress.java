package dev.porthole.runner.session;

/** A {@code host:port} of {@code [session_server]}; an IPv6 host is kept without its brackets. */
record SessionAddress(String host, int port) {

    /** Parses an address that the configuration loader has already checked. */
    static SessionAddress parse(String address) {
        int colon = address.lastIndexOf(':');
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new SessionAddress(host, Integer.parseInt(address.substring(colon + 1)));
    }

    SessionAddress withPort(int newPort) {
        return new SessionAddress(host, newPort);
    }

    /** Whether the host is an IP address rather than a name: the certificate then names it as an IP address. */
    boolean isIpLiteral() {
        return host.contains(":") || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    /** Listening on every interface: a client cannot connect to the address itself. */
    boolean isWildcard() {
        return host.equals("0.0.0.0") || host.matches("[0:]+");
    }

    /** The host as it goes into a URL: IPv6 in brackets. */
    String urlHost() {
        return host.contains(":") ? "[" + host + "]" : host;
    }

    @Override
    public String toString() {
        return urlHost() + ":" + port;
    }
}
