package dev.porthole.server.web.profile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porthole.server.app.ServerTestSupport;
import dev.porthole.server.app.WebSession;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ProfilePageTest extends ServerTestSupport {

    private static String location(HttpResponse<String> response) {
        return response.headers().firstValue("Location").orElse("");
    }

    private void assertUnchanged(Account account) {
        var now = accounts.findUser(account.user().id()).orElseThrow();
        assertThat(now.name()).isEqualTo(account.user().name());
        assertThat(now.email()).isEqualTo(account.user().email());
    }

    @Test
    void theProfileShowsWhoTheUserIsAndAnAdminBadgeOnlyForAdministrators() {
        Account regular = newUser(false);
        var page = signedIn(regular).get("/-/profile");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .contains(regular.user().username())
                .contains(regular.user().email())
                .contains("Member since")
                .contains("name=\"user[name]\"")
                .doesNotContain("data-testid=\"admin-badge\"");

        assertThat(signedIn(newUser(true)).get("/-/profile").body()).contains("data-testid=\"admin-badge\"");
    }

    @Test
    void anonymousVisitorsAreSentToSignIn() {
        for (String path : new String[] {"/-/profile", "/-/profile/password/edit"}) {
            var answer = anonymousVisitor().get(path);
            assertThat(answer.statusCode()).as(path).isEqualTo(302);
            assertThat(location(answer)).as(path).contains("/users/sign_in");
        }
    }

    @Test
    void nameAndEmailAreSavedAndSaySo() {
        Account account = newUser(false);
        WebSession session = signedIn(account);
        session.get("/-/profile");
        String email = "ada-" + UUID.randomUUID() + "@example.org";

        var answer = session.post("/-/profile", Map.of("user[name]", "Ada Lovelace", "user[email]", email));

        assertThat(answer.statusCode()).isEqualTo(302);
        assertThat(location(answer)).endsWith("/-/profile");
        var page = session.get("/-/profile");
        assertThat(page.body()).contains("Profile was successfully updated.").contains("Ada Lovelace");
        var saved = accounts.findUser(account.user().id()).orElseThrow();
        assertThat(saved.name()).isEqualTo("Ada Lovelace");
        assertThat(saved.email()).isEqualTo(email);
        assertThat(session.get("/-/profile").body()).doesNotContain("successfully updated");
    }

    @Test
    void invalidOrTakenValuesComeBackInTheFormAndChangeNothing() {
        Account account = newUser(false);
        Account other = newUser(false);
        WebSession session = signedIn(account);
        session.get("/-/profile");

        var invalid = session.post("/-/profile", Map.of("user[name]", "New name", "user[email]", "not-an-email"));
        assertThat(invalid.statusCode()).isEqualTo(422);
        assertThat(invalid.body())
                .contains("data-testid=\"email-error\"")
                .contains("Email is invalid")
                .contains("value=\"not-an-email\"");

        var taken = session.post(
                "/-/profile",
                Map.of(
                        "user[name]",
                        "New name",
                        "user[email]",
                        other.user().email().toUpperCase()));
        assertThat(taken.statusCode()).isEqualTo(422);
        assertThat(taken.body()).contains("Email has already been taken");

        var blank = session.post(
                "/-/profile",
                Map.of("user[name]", " ", "user[email]", account.user().email()));
        assertThat(blank.statusCode()).isEqualTo(422);
        assertThat(blank.body()).contains("Name can't be blank");

        assertUnchanged(account);
    }

    @Test
    void aFormWithoutTheCsrfTokenIsRefused() {
        Account account = newUser(false);
        WebSession session = signedIn(account);
        var answer = session.postRaw("/-/profile", Map.of("user[name]", "Forged", "user[email]", "forged@example.com"));
        assertThat(answer.statusCode()).isEqualTo(403);
        var password = session.postRaw(
                "/-/profile/password",
                Map.of(
                        "user[password]", "password-" + account.user().username(),
                        "user[new_password]", "forged-password",
                        "user[password_confirmation]", "forged-password"));
        assertThat(password.statusCode()).isEqualTo(403);
        assertUnchanged(account);
        assertThat(accounts.authenticatePassword(account.user().username(), "forged-password"))
                .isEmpty();
    }

    @Test
    void aWrongCurrentPasswordOrAShortOrMismatchedNewOneIsExplainedAndChangesNothing() {
        Account account = newUser(false);
        String username = account.user().username();
        String current = "password-" + username;
        WebSession session = signedIn(account);
        session.get("/-/profile/password/edit");

        var wrong = session.post(
                "/-/profile/password",
                Map.of(
                        "user[password]", "not-my-password",
                        "user[new_password]", "a-new-long-password",
                        "user[password_confirmation]", "a-new-long-password"));
        assertThat(wrong.statusCode()).isEqualTo(422);
        assertThat(wrong.body())
                .contains("data-testid=\"current_password-error\"")
                .contains("Current password is not correct");

        var tooShort = session.post(
                "/-/profile/password",
                Map.of(
                        "user[password]", current,
                        "user[new_password]", "short",
                        "user[password_confirmation]", "short"));
        assertThat(tooShort.statusCode()).isEqualTo(422);
        assertThat(tooShort.body()).contains("New password is too short (minimum is 8 characters)");

        var mismatch = session.post(
                "/-/profile/password",
                Map.of(
                        "user[password]", current,
                        "user[new_password]", "a-new-long-password",
                        "user[password_confirmation]", "another-long-password"));
        assertThat(mismatch.statusCode()).isEqualTo(422);
        assertThat(mismatch.body()).contains("Password confirmation doesn't match the new password");

        assertThat(accounts.authenticatePassword(username, current)).isPresent();
        assertThat(accounts.authenticatePassword(username, "a-new-long-password"))
                .isEmpty();
    }

    @Test
    void aNewPasswordTakesEffectAndThisSessionStaysSignedIn() {
        Account account = newUser(false);
        String username = account.user().username();
        WebSession session = signedIn(account);
        session.get("/-/profile/password/edit");

        var answer = session.post(
                "/-/profile/password",
                Map.of(
                        "user[password]", "password-" + username,
                        "user[new_password]", "correct-horse-battery",
                        "user[password_confirmation]", "correct-horse-battery"));

        assertThat(answer.statusCode()).isEqualTo(302);
        assertThat(location(answer)).endsWith("/-/profile/password/edit");
        var page = session.get("/-/profile/password/edit");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Password was successfully updated.");
        assertThat(session.get("/-/profile").statusCode()).isEqualTo(200);

        assertThat(location(anonymousVisitor().signIn(username, "password-" + username)))
                .endsWith("/users/sign_in?error");
        assertThat(location(anonymousVisitor().signIn(username, "correct-horse-battery")))
                .doesNotContain("sign_in");
    }
}
