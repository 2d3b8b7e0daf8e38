package dev.porthole.server.terminal;

/**
 * Which terminal connections a review page lists; a null criterion does not filter.
 *
 * @param projectId one project's connections (its maintainers' page)
 * @param username one user's connections, compared without case as usernames are
 * @param projectFullPath {@code namespace/project}, compared without case, for the admin page's filter
 */
public record TerminalConnectionFilter(Long projectId, String username, String projectFullPath) {

    public static TerminalConnectionFilter all() {
        return new TerminalConnectionFilter(null, null, null);
    }

    public static TerminalConnectionFilter project(long projectId) {
        return new TerminalConnectionFilter(projectId, null, null);
    }

    public TerminalConnectionFilter byUser(String username) {
        return new TerminalConnectionFilter(projectId, blankToNull(username), projectFullPath);
    }

    public TerminalConnectionFilter byProject(String fullPath) {
        return new TerminalConnectionFilter(projectId, username, blankToNull(fullPath));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
