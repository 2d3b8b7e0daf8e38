package dev.porthole.server.web.projects;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porthole.server.app.WebSession;
import dev.porthole.server.project.AccessLevel;
import dev.porthole.server.project.Project;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MembersPageTest extends ProjectPagesTestSupport {
    private static final String YAML = "build:\n  script: [\"echo hi\"]\n";

    private static String members(Project project) {
        return base(project) + "/-/project_members";
    }

    private AccessLevel levelOf(Project project, Account account) {
        return projectStore.memberLevel(project.id(), account.user().id());
    }

    private WebSession on(Account account, Project project) {
        WebSession session = signedIn(account);
        session.get(members(project));
        return session;
    }

    @Test
    void theMembersPageIsForMaintainers() {
        Account owner = newUser(false);
        Project project = newProject(owner.user(), YAML);
        Account developer = member(project, AccessLevel.DEVELOPER);
        assertRedirectsToSignIn(anonymousVisitor().get(members(project)));
        assertThat(signedIn(newUser(false)).get(members(project)).statusCode()).isEqualTo(404);
        assertThat(signedIn(developer).get(members(project)).statusCode()).isEqualTo(403);
        var answer = signedIn(member(project, AccessLevel.MAINTAINER)).get(members(project));
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body())
                .contains("data-username=\"" + owner.user().username() + "\"")
                .contains("data-username=\"" + developer.user().username() + "\"")
                // Maintainers cannot give the Owner role.
                .doesNotContain("<option value=\"owner\"");
        assertThat(signedIn(owner).get(members(project)).body()).contains("<option value=\"owner\"");
    }

    @Test
    void aMaintainerAddsChangesAndRemovesMembers() {
        Account owner = newUser(false);
        Project project = newProject(owner.user(), YAML);
        var session = on(member(project, AccessLevel.MAINTAINER), project);
        Account newcomer = newUser(false);

        var added = session.post(
                members(project), Map.of("username", "@" + newcomer.user().username(), "access_level", "developer"));
        assertRedirectsTo(added, members(project));
        assertThat(levelOf(project, newcomer)).isEqualTo(AccessLevel.DEVELOPER);
        assertThat(session.get(members(project)).body()).contains("was added as Developer");

        var changed = session.post(members(project) + "/" + newcomer.user().id(), Map.of("access_level", "20"));
        assertRedirectsTo(changed, members(project));
        assertThat(levelOf(project, newcomer)).isEqualTo(AccessLevel.REPORTER);

        session.get(members(project));
        var removed = session.post(members(project) + "/" + newcomer.user().id() + "/remove", Map.of());
        assertRedirectsTo(removed, members(project));
        assertThat(levelOf(project, newcomer)).isEqualTo(AccessLevel.NONE);
    }

    @Test
    void unknownUsersDuplicatesAndBadRolesAreShownInTheForm() {
        Account owner = newUser(false);
        Project project = newProject(owner.user(), YAML);
        Account developer = member(project, AccessLevel.DEVELOPER);
        var session = on(owner, project);

        var unknown = session.post(members(project), Map.of("username", "nobody-here", "access_level", "guest"));
        assertThat(unknown.statusCode()).isEqualTo(422);
        assertThat(unknown.body()).contains("No active user is called nobody-here");

        var twice = session.post(
                members(project), Map.of("username", developer.user().username(), "access_level", "guest"));
        assertThat(twice.statusCode()).isEqualTo(422);
        assertThat(twice.body()).contains("is a member of " + project.fullPath() + " already");
        assertThat(levelOf(project, developer)).isEqualTo(AccessLevel.DEVELOPER);

        Account other = newUser(false);
        var badRole =
                session.post(members(project), Map.of("username", other.user().username(), "access_level", "boss"));
        assertThat(badRole.statusCode()).isEqualTo(422);
        assertThat(levelOf(project, other)).isEqualTo(AccessLevel.NONE);
    }

    @Test
    void onlyOwnersMakeOrTouchOwners() {
        Account owner = newUser(false);
        Project project = newProject(owner.user(), YAML);
        var maintainer = on(member(project, AccessLevel.MAINTAINER), project);
        Account newcomer = newUser(false);

        assertThat(maintainer
                        .post(
                                members(project),
                                Map.of("username", newcomer.user().username(), "access_level", "owner"))
                        .statusCode())
                .isEqualTo(403);
        assertThat(levelOf(project, newcomer)).isEqualTo(AccessLevel.NONE);
        assertThat(maintainer
                        .post(members(project) + "/" + owner.user().id(), Map.of("access_level", "guest"))
                        .statusCode())
                .isEqualTo(403);
        assertThat(maintainer
                        .post(members(project) + "/" + owner.user().id() + "/remove", Map.of())
                        .statusCode())
                .isEqualTo(403);
        assertThat(levelOf(project, owner)).isEqualTo(AccessLevel.OWNER);

        var session = on(owner, project);
        assertRedirectsTo(
                session.post(
                        members(project), Map.of("username", newcomer.user().username(), "access_level", "owner")),
                members(project));
        assertThat(levelOf(project, newcomer)).isEqualTo(AccessLevel.OWNER);
    }

    @Test
    void theLastOwnerStays() {
        Account owner = newUser(false);
        Project project = newProject(owner.user(), YAML);
        var session = on(owner, project);
        var demote = session.post(members(project) + "/" + owner.user().id(), Map.of("access_level", "maintainer"));
        assertThat(demote.statusCode()).isEqualTo(422);
        assertThat(demote.body()).contains("is the last owner");
        var remove = session.post(members(project) + "/" + owner.user().id() + "/remove", Map.of());
        assertThat(remove.statusCode()).isEqualTo(422);
        assertThat(levelOf(project, owner)).isEqualTo(AccessLevel.OWNER);

        Account second = member(project, AccessLevel.OWNER);
        session.get(members(project));
        assertRedirectsTo(session.post(members(project) + "/" + owner.user().id() + "/remove", Map.of()), "/");
        assertThat(levelOf(project, owner)).isEqualTo(AccessLevel.NONE);
        assertThat(levelOf(project, second)).isEqualTo(AccessLevel.OWNER);
    }

    @Test
    void developersAndForgedFormsChangeNothing() {
        Account owner = newUser(false);
        Project project = newProject(owner.user(), YAML);
        Account developer = member(project, AccessLevel.DEVELOPER);
        Account newcomer = newUser(false);
        var session = signedIn(developer);
        session.get(base(project));
        assertThat(session.post(
                                members(project),
                                Map.of("username", newcomer.user().username(), "access_level", "guest"))
                        .statusCode())
                .isEqualTo(403);
        assertThat(session.post(members(project) + "/" + developer.user().id(), Map.of("access_level", "maintainer"))
                        .statusCode())
                .isEqualTo(403);
        assertThat(signedIn(owner)
                        .postRaw(
                                members(project),
                                Map.of("username", newcomer.user().username(), "access_level", "guest"))
                        .statusCode())
                .isEqualTo(403);
        assertThat(levelOf(project, newcomer)).isEqualTo(AccessLevel.NONE);
        assertThat(levelOf(project, developer)).isEqualTo(AccessLevel.DEVELOPER);
    }
}
