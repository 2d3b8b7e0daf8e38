package dev.porthole.server.restapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porthole.server.app.ServerTestSupport;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code /api/v4/users}: listing and reading users as anyone, managing them as an administrator. */
class UsersApiTest extends ServerTestSupport {

    private HttpResponse<String> call(String method, String path, String token, Object body) {
        Map<String, String> headers = new HashMap<>();
        if (token != null) {
            headers.put("PRIVATE-TOKEN", token);
        }
        if (body != null) {
            headers.put("Content-Type", "application/json");
        }
        return send(method, path, headers, body == null ? null : JSON.writeValueAsString(body));
    }

    private static JsonNode answer(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(header(response, "Content-Type")).containsExactly("application/json");
        return json(response);
    }

    private static String message(HttpResponse<String> response, int status) {
        return answer(response, status).get("message").asString();
    }

    private static List<String> usernames(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(u -> out.add(u.get("username").asString()));
        return out;
    }

    @Test
    void administratorsListUsersWithEmailsOthersWithTheBasicEntity() {
        Account admin = newUser(true);
        Account someone = newUser(false);
        String name = someone.user().username();

        JsonNode asAdmin = answer(get("/api/v4/users?username=" + name.toUpperCase(), admin.token()), 200);
        assertThat(usernames(asAdmin)).containsExactly(name);
        assertThat(asAdmin.get(0).get("email").asString())
                .isEqualTo(someone.user().email());
        assertThat(asAdmin.get(0).get("is_admin").asBoolean()).isFalse();

        JsonNode asUser = answer(get("/api/v4/users?search=" + name.substring(2), someone.token()), 200);
        assertThat(usernames(asUser)).containsExactly(name);
        JsonNode basic = asUser.get(0);
        assertThat(basic.get("id").asLong()).isEqualTo(someone.user().id());
        assertThat(basic.get("state").asString()).isEqualTo("active");
        assertThat(basic.get("web_url").asString()).endsWith("/" + name);
        assertThat(basic.has("avatar_url")).isTrue();
        assertThat(basic.has("email")).isFalse();
        assertThat(basic.has("is_admin")).isFalse();

        assertThat(message(get("/api/v4/users", null), 401)).isEqualTo("401 Unauthorized");
    }

    @Test
    void theListIsPaginatedNewestFirst() {
        Account admin = newUser(true);
        for (int i = 0; i < 3; i++) {
            newUser(false);
        }
        var first = get("/api/v4/users?per_page=2", admin.token());
        JsonNode page = answer(first, 200);
        assertThat(page.size()).isEqualTo(2);
        assertThat(page.get(0).get("id").asLong())
                .isGreaterThan(page.get(1).get("id").asLong());
        assertThat(header(first, "X-Per-Page")).containsExactly("2");
        assertThat(header(first, "X-Next-Page")).containsExactly("2");
        assertThat(Long.parseLong(header(first, "X-Total").getFirst())).isGreaterThanOrEqualTo(4);
        assertThat(header(first, "Link").getFirst()).contains("rel=\"next\"");
        JsonNode second = answer(get("/api/v4/users?per_page=2&page=2", admin.token()), 200);
        assertThat(second.get(0).get("id").asLong())
                .isLessThan(page.get(1).get("id").asLong());
    }

    @Test
    void oneUserIsReadWithEmailByAdministratorsOnly() {
        Account admin = newUser(true);
        Account someone = newUser(false);
        String path = "/api/v4/users/" + someone.user().id();

        assertThat(answer(get(path, admin.token()), 200).get("email").asString())
                .isEqualTo(someone.user().email());
        JsonNode asOther = answer(get(path, newUser(false).token()), 200);
        assertThat(asOther.get("username").asString()).isEqualTo(someone.user().username());
        assertThat(asOther.has("email")).isFalse();
        assertThat(asOther.has("created_at")).isTrue();
        assertThat(message(get(path, null), 401)).isEqualTo("401 Unauthorized");
        assertThat(message(get("/api/v4/users/999999999", admin.token()), 404)).isEqualTo("404 User Not Found");
    }

    @Test
    void administratorsUpdateNameEmailRoleAndPassword() {
        Account admin = newUser(true);
        Account someone = newUser(false);
        String path = "/api/v4/users/" + someone.user().id();
        String email = "renamed-" + someone.user().username() + "@example.org";

        JsonNode updated = answer(
                call(
                        "PUT",
                        path,
                        admin.token(),
                        Map.of("name", "Renamed", "email", email, "admin", true, "password", "set-by-the-api")),
                200);

        assertThat(updated.get("name").asString()).isEqualTo("Renamed");
        assertThat(updated.get("email").asString()).isEqualTo(email);
        assertThat(updated.get("is_admin").asBoolean()).isTrue();
        assertThat(accounts.authenticatePassword(someone.user().username(), "set-by-the-api"))
                .isPresent();
        // Absent fields stay as they are.
        JsonNode renamedOnly = answer(call("PUT", path, admin.token(), Map.of("name", "Again")), 200);
        assertThat(renamedOnly.get("email").asString()).isEqualTo(email);
        assertThat(renamedOnly.get("is_admin").asBoolean()).isTrue();
    }

    @Test
    void updatesAreRefusedAsGitLabRefusesThem() {
        Account admin = newUser(true);
        Account someone = newUser(false);
        Account other = newUser(false);
        String path = "/api/v4/users/" + someone.user().id();

        assertThat(message(call("PUT", path, someone.token(), Map.of("name", "Self-made")), 403))
                .isEqualTo("403 Forbidden");
        assertThat(message(call("PUT", path, null, Map.of("name", "Anonymous")), 401))
                .isEqualTo("401 Unauthorized");
        assertThat(message(call("PUT", "/api/v4/users/999999999", admin.token(), Map.of("name", "x")), 404))
                .isEqualTo("404 User Not Found");
        assertThat(message(
                        call(
                                "PUT",
                                path,
                                admin.token(),
                                Map.of("email", other.user().email())),
                        409))
                .isEqualTo("Email has already been taken");
        JsonNode invalid = answer(call("PUT", path, admin.token(), Map.of("email", "nope")), 400);
        assertThat(invalid.get("message").get("email").get(0).asString()).startsWith("is invalid");
        JsonNode shortPassword = answer(call("PUT", path, admin.token(), Map.of("password", "short")), 400);
        assertThat(shortPassword.get("message").get("password").get(0).asString())
                .startsWith("is too short");
        JsonNode rename = answer(call("PUT", path, admin.token(), Map.of("username", "someone-else")), 400);
        assertThat(rename.get("message").get("username").get(0).asString()).contains("cannot be changed");
        assertThat(message(
                        call("PUT", "/api/v4/users/" + admin.user().id(), admin.token(), Map.of("admin", false)), 403))
                .contains("You cannot remove your own administrator access");

        var now = accounts.findUser(someone.user().id()).orElseThrow();
        assertThat(now.name()).isEqualTo(someone.user().name());
        assertThat(now.email()).isEqualTo(someone.user().email());
        assertThat(accounts.findUser(admin.user().id()).orElseThrow().admin()).isTrue();
    }

    @Test
    void creatingAUserWithATakenUsernameOrEmailIsAConflict() {
        Account admin = newUser(true);
        Account existing = newUser(false);
        var body = new HashMap<String, Object>(Map.of(
                "username",
                existing.user().username(),
                "name",
                "Copy",
                "email",
                "copy-" + existing.user().email(),
                "password",
                "long-enough-password"));
        assertThat(message(call("POST", "/api/v4/users", admin.token(), body), 409))
                .isEqualTo("Username has already been taken");
        body.put("username", "copy-" + existing.user().username());
        body.put("email", existing.user().email());
        assertThat(message(call("POST", "/api/v4/users", admin.token(), body), 409))
                .isEqualTo("Email has already been taken");
    }

    @Test
    void blockingStopsTheUsersTokensAndUnblockingRestoresThem() {
        Account admin = newUser(true);
        Account someone = newUser(false);
        String path = "/api/v4/users/" + someone.user().id();

        var blocked = call("POST", path + "/block", admin.token(), null);
        assertThat(blocked.statusCode()).isEqualTo(201);
        assertThat(blocked.body()).isEqualTo("true");
        assertThat(get("/api/v4/user", someone.token()).statusCode()).isEqualTo(401);
        assertThat(answer(get(path, admin.token()), 200).get("state").asString())
                .isEqualTo("blocked");
        assertThat(usernames(answer(
                        get(
                                "/api/v4/users?blocked=true&username="
                                        + someone.user().username(),
                                admin.token()),
                        200)))
                .containsExactly(someone.user().username());
        // GitLab answers an already blocked user with 201 and no value.
        var again = call("POST", path + "/block", admin.token(), null);
        assertThat(again.statusCode()).isEqualTo(201);
        assertThat(again.body()).isEqualTo("null");

        var unblocked = call("POST", path + "/unblock", admin.token(), null);
        assertThat(unblocked.statusCode()).isEqualTo(201);
        assertThat(unblocked.body()).isEqualTo("true");
        assertThat(get("/api/v4/user", someone.token()).statusCode()).isEqualTo(200);
        var notBlocked = call("POST", path + "/unblock", admin.token(), null);
        assertThat(notBlocked.statusCode()).isEqualTo(201);
        assertThat(notBlocked.body()).isEqualTo("false");
    }

    @Test
    void blockingIsForAdministratorsAndNeverOfThemselves() {
        Account admin = newUser(true);
        Account someone = newUser(false);
        String path = "/api/v4/users/" + someone.user().id();

        assertThat(message(call("POST", path + "/block", someone.token(), null), 403))
                .isEqualTo("403 Forbidden");
        assertThat(message(call("POST", path + "/unblock", someone.token(), null), 403))
                .isEqualTo("403 Forbidden");
        assertThat(message(call("POST", path + "/block", null, null), 401)).isEqualTo("401 Unauthorized");
        assertThat(message(call("POST", "/api/v4/users/999999999/block", admin.token(), null), 404))
                .isEqualTo("404 User Not Found");
        assertThat(message(call("POST", "/api/v4/users/999999999/unblock", admin.token(), null), 404))
                .isEqualTo("404 User Not Found");
        assertThat(message(call("POST", "/api/v4/users/" + admin.user().id() + "/block", admin.token(), null), 403))
                .isEqualTo("403 Forbidden - The API initiating user cannot be blocked by the API");

        assertThat(accounts.findUser(someone.user().id()).orElseThrow().active())
                .isTrue();
        assertThat(accounts.findUser(admin.user().id()).orElseThrow().active()).isTrue();
    }
}
