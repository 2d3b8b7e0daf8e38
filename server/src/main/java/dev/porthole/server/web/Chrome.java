package dev.porthole.server.web;

/**
 * What the frame around every page needs: the viewer for the header, the CSRF token for its forms (the sign-out
 * button included), and the current path to mark the active navigation entry and to come back after sign-in.
 */
public record Chrome(Viewer viewer, String csrfParameter, String csrfToken, String path, String version) {

    public boolean signedIn() {
        return viewer.signedIn();
    }

    public boolean admin() {
        return viewer.admin();
    }

    public String username() {
        return viewer.signedIn() ? viewer.user().username() : "";
    }

    public String displayName() {
        return viewer.signedIn() ? viewer.user().name() : "";
    }

    /** The first letter of the name, for the avatar circle. */
    public String initial() {
        String name = displayName();
        return name.isEmpty() ? "?" : name.substring(0, 1).toUpperCase(java.util.Locale.ROOT);
    }

    public boolean at(String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }
}
