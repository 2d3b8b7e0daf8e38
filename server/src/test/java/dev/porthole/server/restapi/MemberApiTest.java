package dev.porthole.server.restapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porthole.server.app.ServerTestSupport;
import dev.porthole.server.project.AccessLevel;
import dev.porthole.server.project.Project;
import dev.porthole.server.project.ProjectStore;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** {@code /projects/:id/members}: list, get, add, change and remove, with GitLab's statuses. */
class MemberApiTest extends ServerTestSupport {
    private static final String YAML = "job:\n  script: x\n";

    @Autowired
    ProjectStore projectStore;

    private Account member(Project project, AccessLevel level) {
        Account account = newUser(false);
        projects.addMember(project, account.user(), level);
        return account;
    }

    private static String members(Project project) {
        return "/api/v4/projects/" + project.id() + "/members";
    }

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
        return status == 204 ? null : json(response);
    }

    @Test
    void anyoneWhoReadsTheProjectListsItsMembers() {
        Account owner = newUser(false);
        Project project = newProject(owner.user(), YAML);
        Account reporter = member(project, AccessLevel.REPORTER);
        JsonNode list = answer(get(members(project), reporter.token()), 200);
        assertThat(list).hasSize(2);
        assertThat(list.get(0).get("username").asString())
                .isEqualTo(owner.user().username());
        assertThat(list.get(0).get("access_level").asInt()).isEqualTo(50);
        assertThat(list.get(0).get("created_at").isNull()).isFalse();
        assertThat(list.get(1).get("access_level").asInt()).isEqualTo(20);
        var all = get(members(project) + "/all?query=" + reporter.user().username(), reporter.token());
        assertThat(answer(all, 200)).hasSize(1);
        assertThat(header(all, "X-Total")).containsExactly("1");

        assertThat(answer(get(members(project), newUser(false).token()), 404)
                        .get("message")
                        .asString())
                .isEqualTo("404 Project Not Found");
        assertThat(get(members(project), null).statusCode()).isEqualTo(404);
    }

    @Test
    void oneMemberIsFoundByUserId() {
        Account owner = newUser(false);
        Project project = newProject(owner.user(), YAML);
        Account developer = member(project, AccessLevel.DEVELOPER);
        JsonNode one = answer(get(members(project) + "/" + developer.user().id(), owner.token()), 200);
        assertThat(one.get("id").asLong()).isEqualTo(developer.user().id());
        assertThat(one.get("access_level").asInt()).isEqualTo(30);
        assertThat(answer(get(members(project) + "/all/" + developer.user().id(), owner.token()), 200)
                        .get("username")
                        .asString())
                .isEqualTo(developer.user().username());
        Account stranger = newUser(false);
        assertThat(answer(get(members(project) + "/" + stranger.user().id(), owner.token()), 404)
                        .get("message")
                        .asString())
                .isEqualTo("404 Member Not Found");
    }

    @Test
    void maintainersAddByUsernameAndOnlyOwnersAddOwners() {
        Account owner = newUser(false);
        Project project = newProject(owner.user(), YAML);
        Account maintainer = member(project, AccessLevel.MAINTAINER);
        Account newcomer = newUser(false);
        var asOwner = Map.of("username", newcomer.user().username(), "access_level", 50);
        assertThat(answer(call("POST", members(project), maintainer.token(), asOwner), 403)
                        .get("message")
                        .asString())
                .startsWith("403 Forbidden");
        assertThat(projectStore.memberLevel(project.id(), newcomer.user().id())).isEqualTo(AccessLevel.NONE);

        JsonNode added = answer(call("POST", members(project), owner.token(), asOwner), 201);
        assertThat(added.get("access_level").asInt()).isEqualTo(50);
        assertThat(answer(call("POST", members(project), owner.token(), asOwner), 409)
                        .get("message")
                        .asString())
                .isEqualTo("Member already exists");
    }

    @Test
    void maintainersChangeRolesButNotOwnersAndTheLastOwnerStays() {
        Account owner = newUser(false);
        Project project = newProject(owner.user(), YAML);
        Account maintainer = member(project, AccessLevel.MAINTAINER);
        Account developer = member(project, AccessLevel.DEVELOPER);
        String one = members(project) + "/" + developer.user().id();

        JsonNode changed = answer(call("PUT", one, maintainer.token(), Map.of("access_level", 20)), 200);
        assertThat(changed.get("access_level").asInt()).isEqualTo(20);
        assertThat(projectStore.memberLevel(project.id(), developer.user().id()))
                .isEqualTo(AccessLevel.REPORTER);
        assertThat(answer(call("PUT", one + "?access_level=30", maintainer.token(), null), 200)
                        .get("access_level")
                        .asInt())
                .isEqualTo(30);

        assertThat(answer(call("PUT", one, maintainer.token(), Map.of("access_level", 35)), 400)
                        .get("message")
                        .get("access_level")
                        .get(0)
                        .asString())
                .isEqualTo("does not have a valid value");
        assertThat(answer(call("PUT", one, maintainer.token(), Map.of()), 400)
                        .get("message")
                        .get("access_level")
                        .get(0)
                        .asString())
                .isEqualTo("is missing");
        answer(call("PUT", one, developer.token(), Map.of("access_level", 40)), 403);
        answer(call("PUT", members(project) + "/999999999", owner.token(), Map.of("access_level", 40)), 404);

        String ownerPath = members(project) + "/" + owner.user().id();
        answer(call("PUT", ownerPath, maintainer.token(), Map.of("access_level", 10)), 403);
        assertThat(answer(call("PUT", ownerPath, owner.token(), Map.of("access_level", 40)), 403)
                        .get("message")
                        .asString())
                .contains("last owner");
        assertThat(projectStore.memberLevel(project.id(), owner.user().id())).isEqualTo(AccessLevel.OWNER);
    }

    @Test
    void maintainersRemoveMembersButNotTheLastOwner() {
        Account owner = newUser(false);
        Project project = newProject(owner.user(), YAML);
        Account maintainer = member(project, AccessLevel.MAINTAINER);
        Account guest = member(project, AccessLevel.GUEST);
        String one = members(project) + "/" + guest.user().id();

        answer(call("DELETE", one, newUser(false).token(), null), 404);
        answer(call("DELETE", one, guest.token(), null), 403);
        answer(call("DELETE", one, member(project, AccessLevel.DEVELOPER).token(), null), 403);
        answer(call("DELETE", one, maintainer.token(), null), 204);
        assertThat(projectStore.memberLevel(project.id(), guest.user().id())).isEqualTo(AccessLevel.NONE);
        answer(call("DELETE", one, maintainer.token(), null), 404);

        String ownerPath = members(project) + "/" + owner.user().id();
        answer(call("DELETE", ownerPath, maintainer.token(), null), 403);
        answer(call("DELETE", ownerPath, owner.token(), null), 403);
        assertThat(projectStore.memberLevel(project.id(), owner.user().id())).isEqualTo(AccessLevel.OWNER);
        assertThat(call("DELETE", ownerPath, null, null).statusCode()).isEqualTo(401);
    }
}
