package dev.porthole.server.web.admin;

import dev.porthole.server.account.User;
import dev.porthole.server.web.PageException;
import dev.porthole.server.web.Viewer;

/** Who may see the admin area: administrators; to everyone else it does not exist, as in GitLab. */
public final class AdminAccess {
    private AdminAccess() {}

    public static User require(Viewer viewer) {
        if (!viewer.signedIn()) {
            throw new PageException.SignInRequired();
        }
        if (!viewer.admin()) {
            throw new PageException.NotFound("This page does not exist, or you are not allowed to see it.");
        }
        return viewer.user();
    }
}
