package dev.porthole.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porthole.server.account.SignInLockout;
import dev.porthole.server.app.ServerTestSupport;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class SignInTest extends ServerTestSupport {
    @Autowired
    SignInLockout lockout;

    @Test
    void signingInLandsOnTheProjectsPageWithANewSessionId() {
        var account = newUser(false);
        var visitor = anonymousVisitor();
        var form = visitor.get("/users/sign_in");
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.body()).contains("name=\"user[login]\"").contains("name=\"user[password]\"");
        String before = sessionCookie(form.headers().allValues("Set-Cookie"));

        var answer = visitor.signIn(
                account.user().username(), "password-" + account.user().username());

        assertThat(answer.statusCode()).isEqualTo(302);
        assertThat(answer.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/"));
        String after = sessionCookie(answer.headers().allValues("Set-Cookie"));
        assertThat(after).isNotBlank().isNotEqualTo(before);
        var home = visitor.get("/");
        assertThat(home.statusCode()).isEqualTo(200);
        assertThat(home.body()).contains("@" + account.user().username());
    }

    @Test
    void theSessionCookieIsHttpOnly() {
        var account = newUser(false);
        var visitor = anonymousVisitor();
        visitor.get("/users/sign_in");
        var answer = visitor.signIn(
                account.user().username(), "password-" + account.user().username());
        assertThat(answer.headers().allValues("Set-Cookie"))
                .anySatisfy(c -> assertThat(c).startsWith("_porthole_session=").containsIgnoringCase("HttpOnly"));
    }

    @Test
    void aWrongPasswordSaysSoWithoutTellingWhichPartWasWrong() {
        var account = newUser(false);
        var visitor = anonymousVisitor();
        var answer = visitor.signIn(account.user().username(), "wrong-password");
        assertThat(answer.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/users/sign_in?error"));
        assertThat(visitor.get("/users/sign_in?error").body()).contains("Invalid login or password.");
        assertThat(anonymousVisitor()
                        .signIn("nobody-" + account.user().username(), "x")
                        .headers()
                        .firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/users/sign_in?error"));
    }

    @Test
    void tenFailuresLockTheAccountEvenForTheRightPassword() {
        var account = newUser(false);
        String name = account.user().username();
        var visitor = anonymousVisitor();
        for (int i = 0; i < SignInLockout.MAX_ATTEMPTS; i++) {
            visitor.signIn(name, "wrong-" + i);
        }
        var answer = visitor.signIn(name, "password-" + name);
        assertThat(answer.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/users/sign_in?locked"));
        assertThat(visitor.get("/users/sign_in?locked").body()).contains("locked");

        lockout.unlock(account.user().id());
        assertThat(visitor.signIn(name, "password-" + name).headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).doesNotContain("sign_in"));
    }

    @Test
    void aFormWithoutTheCsrfTokenIsRefused() {
        var account = newUser(false);
        var visitor = anonymousVisitor();
        var answer = visitor.postRaw(
                "/users/sign_in",
                Map.of(
                        "user[login]",
                        account.user().username(),
                        "user[password]",
                        "password-" + account.user().username()));
        assertThat(answer.statusCode()).isEqualTo(403);
    }

    @Test
    void signingOutEndsTheSession() {
        var visitor = signedIn(newUser(false));
        var answer = visitor.post("/users/sign_out", Map.of());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(302);
        assertThat(answer.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/users/sign_in?signed_out"));
        assertThat(visitor.get("/-/profile").statusCode()).isEqualTo(302);
    }

    private static String sessionCookie(java.util.List<String> setCookies) {
        return setCookies.stream()
                .filter(c -> c.startsWith("_porthole_session="))
                .map(c -> c.substring(0, c.indexOf(';')))
                .findFirst()
                .orElse("");
    }
}
