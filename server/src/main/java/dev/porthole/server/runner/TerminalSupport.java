package dev.porthole.server.runner;

/**
 * Whether a runner offers interactive web terminals, as its last job request showed: a runner offers them when
 * it sends a {@code session} (it runs a session server); {@code info.features.session} alone only says its
 * executor could.
 */
public enum TerminalSupport {
    /** It sent a session with its job request: Debug can reach its jobs. */
    OFFERED,
    /** Its executor supports terminals, but it has no {@code [session_server]} in its config.toml. */
    NO_SESSION_SERVER,
    /** Its executor does not support terminals. */
    UNSUPPORTED;

    /** What a job request shows: a session, the {@code session} feature flag, neither. */
    public static TerminalSupport of(boolean sentSession, boolean sessionFeature) {
        return sentSession ? OFFERED : sessionFeature ? NO_SESSION_SERVER : UNSUPPORTED;
    }
}
