package dev.porthole.server.web.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porthole.server.account.AccessToken;
import dev.porthole.server.account.TokenScope;
import dev.porthole.server.app.ServerTestSupport;
import dev.porthole.server.app.WebSession;
import dev.porthole.server.credential.Tokens;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class AccessTokensPageTest extends ServerTestSupport {
    private static final String PAGE = "/-/user_settings/personal_access_tokens";
    private static final Pattern NEW_TOKEN = Pattern.compile("data-testid=\"new-token\"[^>]*>([^<]+)<");

    @Autowired
    JdbcClient jdbc;

    private static Map<String, String> form(String name, String expiresAt, String... scopes) {
        var fields = new HashMap<String, String>();
        fields.put("personal_access_token[name]", name);
        fields.put("personal_access_token[expires_at]", expiresAt);
        // A form sends one field per ticked box; the test client sends a map, so one scope at most here.
        if (scopes.length > 0) {
            fields.put("personal_access_token[scopes][]", scopes[0]);
        }
        return fields;
    }

    private static String location(HttpResponse<String> response) {
        return response.headers().firstValue("Location").orElse("");
    }

    private List<AccessToken> tokensNamed(long userId, String name) {
        return accounts.tokensOf(userId).stream()
                .filter(t -> t.name().equals(name))
                .toList();
    }

    @Test
    void aNewTokenIsShownOnceWorksAndIsStoredOnlyAsADigest() {
        Account account = newUser(false);
        WebSession session = signedIn(account);
        assertThat(session.get(PAGE).body()).contains("Add a personal access token");

        var created = session.post(
                PAGE, form("deploy script", LocalDate.now().plusDays(30).toString(), "read_api"));
        assertThat(created.statusCode()).isEqualTo(302);
        assertThat(location(created)).endsWith(PAGE);

        var page = session.get(PAGE);
        Matcher shown = NEW_TOKEN.matcher(page.body());
        assertThat(shown.find()).as(page.body()).isTrue();
        String token = shown.group(1).strip();
        assertThat(token).startsWith("glpat-");
        assertThat(page.body()).contains("deploy script").contains("read_api");

        var user = get("/api/v4/user", token);
        assertThat(user.statusCode()).isEqualTo(200);
        assertThat(json(user).get("username").asString())
                .isEqualTo(account.user().username());

        var again = session.get(PAGE);
        assertThat(again.body()).doesNotContain("data-testid=\"new-token\"").doesNotContain(token);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM personal_access_tokens WHERE token_digest = ?")
                        .param(Tokens.digest(token))
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM personal_access_tokens WHERE token_digest = ?")
                        .param(token)
                        .query(Long.class)
                        .single())
                .as("the token itself is not stored")
                .isZero();
    }

    @Test
    void badInputComesBackInTheFormAndMakesNoToken() {
        Account account = newUser(false);
        WebSession session = signedIn(account);
        session.get(PAGE);

        var noScope = session.post(PAGE, form("no scope", ""));
        assertThat(noScope.statusCode()).isEqualTo(422);
        assertThat(noScope.body()).contains("data-testid=\"scopes-error\"").contains("at least one scope");
        assertThat(noScope.body()).contains("value=\"no scope\"");

        var past = session.post(PAGE, form("past", LocalDate.now().minusDays(1).toString(), "api"));
        assertThat(past.statusCode()).isEqualTo(422);
        assertThat(past.body()).contains("Expiration date must be in the future");

        var notADate = session.post(PAGE, form("garbled", "next week", "api"));
        assertThat(notADate.statusCode()).isEqualTo(422);
        assertThat(notADate.body()).contains("YYYY-MM-DD");

        var unknownScope = session.post(PAGE, form("sudo", "", "sudo"));
        assertThat(unknownScope.statusCode()).isEqualTo(422);

        var noName = session.post(PAGE, form(" ", "", "api"));
        assertThat(noName.statusCode()).isEqualTo(422);
        assertThat(noName.body()).contains("Token name can't be blank");

        // Only the token every test account starts with.
        assertThat(accounts.tokensOf(account.user().id())).hasSize(1);
    }

    @Test
    void revokingATokenStopsItAndListsItAsInactive() {
        Account account = newUser(false);
        String token = accounts.createToken(account.user().id(), "to revoke", Set.of(TokenScope.API), null);
        long id = tokensNamed(account.user().id(), "to revoke").getFirst().id();
        WebSession session = signedIn(account);
        assertThat(session.get(PAGE).body()).contains("/personal_access_tokens/" + id + "/revoke");
        assertThat(get("/api/v4/user", token).statusCode()).isEqualTo(200);

        var revoked = session.post(PAGE + "/" + id + "/revoke", Map.of());

        assertThat(revoked.statusCode()).isEqualTo(302);
        assertThat(get("/api/v4/user", token).statusCode()).isEqualTo(401);
        var page = session.get(PAGE);
        assertThat(page.body())
                .contains("Revoked personal access token to revoke.")
                .contains("Inactive personal access tokens")
                .contains("data-testid=\"inactive-token-row\" data-token-id=\"" + id + "\"")
                .doesNotContain("/personal_access_tokens/" + id + "/revoke");
        assertThat(get("/api/v4/user", account.token()).statusCode())
                .as("the user's other tokens still work")
                .isEqualTo(200);
    }

    @Test
    void expiredTokensAreListedAsInactive() {
        Account account = newUser(false);
        long id = accounts.tokensOf(account.user().id()).getFirst().id();
        jdbc.sql("UPDATE personal_access_tokens SET expires_at = ? WHERE id = ?")
                .params(LocalDate.now().minusDays(2), id)
                .update();
        var page = signedIn(account).get(PAGE);
        assertThat(page.body())
                .contains("data-testid=\"inactive-token-row\" data-token-id=\"" + id + "\"")
                .contains("Expired")
                .contains("You have no active tokens.");
    }

    @Test
    void aUserCannotRevokeSomeoneElsesToken() {
        Account owner = newUser(false);
        long ownersToken = accounts.tokensOf(owner.user().id()).getFirst().id();
        WebSession intruder = signedIn(newUser(false));
        intruder.get(PAGE);

        var answer = intruder.post(PAGE + "/" + ownersToken + "/revoke", Map.of());

        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(answer.body()).contains("Page not found");
        assertThat(get("/api/v4/user", owner.token()).statusCode()).isEqualTo(200);
        assertThat(intruder.post(PAGE + "/999999999/revoke", Map.of()).statusCode())
                .isEqualTo(404);
    }

    @Test
    void deniedWithoutASessionOrWithoutTheCsrfToken() {
        var anonymous = anonymousVisitor().get(PAGE);
        assertThat(anonymous.statusCode()).isEqualTo(302);
        assertThat(location(anonymous)).contains("/users/sign_in");

        Account account = newUser(false);
        long id = accounts.tokensOf(account.user().id()).getFirst().id();
        WebSession session = signedIn(account);
        assertThat(session.postRaw(PAGE, form("forged", "", "api")).statusCode())
                .isEqualTo(403);
        assertThat(session.postRaw(PAGE + "/" + id + "/revoke", Map.of()).statusCode())
                .isEqualTo(403);
        assertThat(accounts.tokensOf(account.user().id())).hasSize(1);
        assertThat(get("/api/v4/user", account.token()).statusCode()).isEqualTo(200);
    }
}
