package dev.porthole.server.web.adminusers;

/** What the new-user and edit-user forms hold: empty, a user's values, or what was typed when it comes back. */
public record UserForm(String username, String name, String email, boolean admin) {

    static UserForm empty() {
        return new UserForm("", "", "", false);
    }
}
