package dev.porthole.server.web.adminusers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porthole.server.account.SignInLockout;
import dev.porthole.server.account.User;
import dev.porthole.server.app.ServerTestSupport;
import dev.porthole.server.app.WebSession;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class AdminUsersPageTest extends ServerTestSupport {
    @Autowired
    SignInLockout lockout;

    private static String location(HttpResponse<String> response) {
        return response.headers().firstValue("Location").orElse("");
    }

    private static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    private User reload(User user) {
        return accounts.findUser(user.id()).orElseThrow();
    }

    private WebSession admin() {
        WebSession session = signedIn(newUser(true));
        session.get("/admin/users");
        return session;
    }

    @Test
    void theAdminAreaDoesNotExistForOthers() {
        Account regular = newUser(false);
        Account target = newUser(false);
        String name = target.user().username();
        WebSession session = signedIn(regular);
        for (String path :
                List.of("/admin/users", "/admin/users/new", "/admin/users/" + name, "/admin/users/" + name + "/edit")) {
            assertThat(session.get(path).statusCode()).as(path).isEqualTo(404);
            var anonymous = anonymousVisitor().get(path);
            assertThat(anonymous.statusCode()).as(path).isEqualTo(302);
            assertThat(location(anonymous)).contains("/users/sign_in");
        }
        session.get("/-/profile");
        for (String action : List.of("block", "make_admin", "unlock")) {
            assertThat(session.post("/admin/users/" + name + "/" + action, Map.of())
                            .statusCode())
                    .as(action)
                    .isEqualTo(404);
        }
        var create = session.post(
                "/admin/users",
                Map.of(
                        "user[username]",
                        unique("sneaky"),
                        "user[name]",
                        "Sneaky",
                        "user[email]",
                        unique("sneaky") + "@example.com",
                        "user[password]",
                        "long-enough-password"));
        assertThat(create.statusCode()).isEqualTo(404);
        assertThat(reload(target.user()).active()).isTrue();
        assertThat(reload(target.user()).admin()).isFalse();
    }

    @Test
    void theListShowsUsersWithTheirStateAndFindsThemBySearchAndFilter() {
        Account someone = newUser(false);
        WebSession admin = admin();
        String name = someone.user().username();

        var found = admin.get("/admin/users?search_query=" + name);
        assertThat(found.statusCode()).isEqualTo(200);
        assertThat(found.body())
                .contains("data-username=\"" + name + "\"")
                .contains(someone.user().email())
                .contains("Active");
        assertThat(admin.get("/admin/users?search_query=no-such-" + name).body())
                .contains("No user matches")
                .doesNotContain("data-username=\"" + name + "\"");
        assertThat(admin.get("/admin/users?filter=admins&search_query=" + name).body())
                .doesNotContain("data-username=\"" + name + "\"");
        assertThat(admin.get("/admin/users/" + name).body())
                .contains(someone.user().email())
                .contains("data-testid=\"block-user\"")
                .contains("data-testid=\"make-admin\"");
        assertThat(admin.get("/admin/users/nobody-" + name).statusCode()).isEqualTo(404);
    }

    @Test
    void anAdministratorCreatesAUserWhoCanSignIn() {
        WebSession admin = admin();
        admin.get("/admin/users/new");
        String username = unique("grace");

        var answer = admin.post(
                "/admin/users",
                Map.of(
                        "user[username]", username,
                        "user[name]", "Grace Hopper",
                        "user[email]", username + "@example.com",
                        "user[password]", "compiler-pioneer",
                        "user[admin]", "true"));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(302);
        assertThat(location(answer)).endsWith("/admin/users/" + username);
        assertThat(admin.get("/admin/users/" + username).body())
                .contains("User " + username + " was successfully created.")
                .contains("Administrator");
        User created = accounts.findUserByUsername(username).orElseThrow();
        assertThat(created.admin()).isTrue();
        assertThat(location(anonymousVisitor().signIn(username, "compiler-pioneer")))
                .doesNotContain("sign_in");
    }

    @Test
    void badInputForANewUserComesBackInTheFormAndCreatesNobody() {
        Account existing = newUser(false);
        WebSession admin = admin();
        admin.get("/admin/users/new");
        String username = unique("short");
        var fields = new HashMap<>(Map.of(
                "user[username]",
                username,
                "user[name]",
                "Short Password",
                "user[email]",
                username + "@example.com",
                "user[password]",
                "short"));

        var tooShort = admin.post("/admin/users", fields);
        assertThat(tooShort.statusCode()).isEqualTo(422);
        assertThat(tooShort.body())
                .contains("data-testid=\"password-error\"")
                .contains("Password is too short")
                .contains("value=\"" + username + "\"");

        fields.put("user[password]", "long-enough-password");
        fields.put("user[username]", existing.user().username());
        var taken = admin.post("/admin/users", fields);
        assertThat(taken.statusCode()).isEqualTo(422);
        assertThat(taken.body()).contains("Username has already been taken");

        fields.put("user[username]", "bad name!");
        assertThat(admin.post("/admin/users", fields).statusCode()).isEqualTo(422);

        assertThat(accounts.findUserByUsername(username)).isEmpty();
        assertThat(admin.postRaw("/admin/users", Map.of("user[username]", username))
                        .statusCode())
                .as("no CSRF token")
                .isEqualTo(403);
    }

    @Test
    void anAdministratorEditsNameEmailPasswordAndRole() {
        Account target = newUser(false);
        String name = target.user().username();
        WebSession admin = admin();
        assertThat(admin.get("/admin/users/" + name + "/edit").body())
                .contains("value=\"" + target.user().email() + "\"");
        String email = unique("renamed") + "@example.com";

        var answer = admin.post(
                "/admin/users/" + name,
                Map.of(
                        "user[name]", "Renamed",
                        "user[email]", email,
                        "user[password]", "a-password-set-by-admin",
                        "user[password_confirmation]", "a-password-set-by-admin",
                        "user[admin]", "true"));

        assertThat(answer.statusCode()).isEqualTo(302);
        User now = reload(target.user());
        assertThat(now.name()).isEqualTo("Renamed");
        assertThat(now.email()).isEqualTo(email);
        assertThat(now.admin()).isTrue();
        assertThat(accounts.authenticatePassword(name, "a-password-set-by-admin"))
                .isPresent();

        var mismatch = admin.post(
                "/admin/users/" + name,
                Map.of(
                        "user[name]", "Other",
                        "user[email]", email,
                        "user[password]", "one-long-password",
                        "user[password_confirmation]", "another-long-password"));
        assertThat(mismatch.statusCode()).isEqualTo(422);
        assertThat(mismatch.body()).contains("Password confirmation doesn't match the password");
        assertThat(reload(target.user()).name()).isEqualTo("Renamed");
    }

    @Test
    void anAdministratorCannotBlockOrDemoteThemself() {
        Account self = newUser(true);
        String name = self.user().username();
        WebSession session = signedIn(self);
        assertThat(session.get("/admin/users/" + name).body())
                .contains("data-testid=\"self-note\"")
                .doesNotContain("data-testid=\"block-user\"");

        var block = session.post("/admin/users/" + name + "/block", Map.of());
        assertThat(block.statusCode()).isEqualTo(302);
        assertThat(session.get("/admin/users/" + name).body()).contains("You cannot block your own account.");

        session.post("/admin/users/" + name + "/remove_admin", Map.of());
        assertThat(session.get("/admin/users/" + name).body())
                .contains("You cannot remove your own administrator access.");

        var edit = session.post(
                "/admin/users/" + name,
                Map.of("user[name]", "Still admin", "user[email]", self.user().email()));
        assertThat(edit.statusCode()).isEqualTo(422);
        assertThat(edit.body()).contains("You cannot remove your own administrator access.");

        User now = reload(self.user());
        assertThat(now.active()).isTrue();
        assertThat(now.admin()).isTrue();
        assertThat(now.name()).isEqualTo(self.user().name());
    }

    @Test
    void aBlockedUserCannotSignInAndTheirSessionsAndTokensStopWorking() {
        Account target = newUser(false);
        String name = target.user().username();
        WebSession targetSession = signedIn(target);
        assertThat(targetSession.get("/-/profile").statusCode()).isEqualTo(200);
        WebSession admin = admin();
        assertThat(admin.postRaw("/admin/users/" + name + "/block", Map.of()).statusCode())
                .as("no CSRF token")
                .isEqualTo(403);
        assertThat(reload(target.user()).active()).isTrue();

        var blocked = admin.post("/admin/users/" + name + "/block", Map.of());

        assertThat(blocked.statusCode()).isEqualTo(302);
        assertThat(admin.get("/admin/users/" + name).body())
                .contains("Blocked " + name)
                .contains("data-testid=\"unblock-user\"");
        assertThat(reload(target.user()).state()).isEqualTo("blocked");
        assertThat(location(anonymousVisitor().signIn(name, "password-" + name)))
                .endsWith("/users/sign_in?blocked");
        assertThat(anonymousVisitor().get("/users/sign_in?blocked").body()).contains("Your account has been blocked.");
        assertThat(get("/api/v4/user", target.token()).statusCode()).isEqualTo(401);
        assertThat(targetSession.get("/-/profile").statusCode()).isEqualTo(302);
        assertThat(admin.get("/admin/users?filter=blocked&search_query=" + name).body())
                .contains("data-username=\"" + name + "\"");

        admin.get("/admin/users/" + name);
        admin.post("/admin/users/" + name + "/unblock", Map.of());

        assertThat(reload(target.user()).active()).isTrue();
        assertThat(get("/api/v4/user", target.token()).statusCode()).isEqualTo(200);
        assertThat(location(anonymousVisitor().signIn(name, "password-" + name)))
                .doesNotContain("sign_in");
    }

    @Test
    void unlockingLiftsTheLockoutOfRepeatedFailedSignIns() {
        Account target = newUser(false);
        String name = target.user().username();
        for (int i = 0; i < SignInLockout.MAX_ATTEMPTS; i++) {
            lockout.failed(name);
        }
        assertThat(location(anonymousVisitor().signIn(name, "password-" + name)))
                .endsWith("/users/sign_in?locked");
        WebSession admin = admin();
        assertThat(admin.get("/admin/users/" + name).body())
                .contains("data-testid=\"locked-badge\"")
                .contains("data-testid=\"unlock-user\"");

        admin.post("/admin/users/" + name + "/unlock", Map.of());

        assertThat(admin.get("/admin/users/" + name).body())
                .contains("Unlocked " + name)
                .doesNotContain("data-testid=\"unlock-user\"");
        assertThat(location(anonymousVisitor().signIn(name, "password-" + name)))
                .doesNotContain("sign_in");
    }

    @Test
    void makingAndRemovingAnAdministrator() {
        Account target = newUser(false);
        String name = target.user().username();
        WebSession admin = admin();
        admin.get("/admin/users/" + name);

        admin.post("/admin/users/" + name + "/make_admin", Map.of());
        assertThat(reload(target.user()).admin()).isTrue();
        assertThat(signedIn(target).get("/admin/users").statusCode()).isEqualTo(200);

        admin.get("/admin/users/" + name);
        admin.post("/admin/users/" + name + "/remove_admin", Map.of());
        assertThat(reload(target.user()).admin()).isFalse();
        assertThat(signedIn(target).get("/admin/users").statusCode()).isEqualTo(404);
    }
}
