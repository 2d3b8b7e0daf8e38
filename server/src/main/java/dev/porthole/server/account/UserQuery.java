package dev.porthole.server.account;

/**
 * Which users a list shows, as GitLab's user list filters them; every part is optional (null or blank).
 *
 * @param search part of a username, name or email, in any case
 * @param username exactly this username, in any case
 * @param state {@code active} or {@code blocked}
 * @param adminsOnly only administrators
 */
public record UserQuery(String search, String username, String state, boolean adminsOnly) {

    public static UserQuery everyone() {
        return new UserQuery(null, null, null, false);
    }
}
