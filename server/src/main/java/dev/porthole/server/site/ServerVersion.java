package dev.porthole.server.site;

/** The version this server reports to runners and jobs. */
public final class ServerVersion {
    public static final String VERSION = versionOf(ServerVersion.class);

    private ServerVersion() {}

    private static String versionOf(Class<?> type) {
        String version = type.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }
}
