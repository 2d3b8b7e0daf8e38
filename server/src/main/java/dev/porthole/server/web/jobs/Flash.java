package dev.porthole.server.web.jobs;

/**
 * A message shown once on the page an action redirects to.
 *
 * @param kind {@code notice} (it worked) or {@code error} (it did not, and why)
 */
public record Flash(String kind, String text) {
    /** The model attribute the pages look for. */
    public static final String ATTRIBUTE = "flash";

    public static Flash notice(String text) {
        return new Flash("notice", text);
    }

    public static Flash error(String text) {
        return new Flash("error", text);
    }
}
