package dev.porthole.server.web.projects;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porthole.server.project.AccessLevel;
import dev.porthole.server.project.Project;
import dev.porthole.server.project.Visibility;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProjectSettingsPageTest extends ProjectPagesTestSupport {
    private static final String YAML = "build:\n  script: [\"echo hi\"]\n";

    private static String edit(Project project) {
        return base(project) + "/-/edit";
    }

    private void assertUnchanged(Project project) {
        assertThat(projectStore.findById(project.id()).orElseThrow())
                .usingRecursiveComparison()
                .ignoringFields("createdAt")
                .isEqualTo(project);
    }

    @Test
    void settingsAreForMaintainersAndDeletionForOwners() {
        Account owner = newUser(false);
        Project project = newProject(owner.user(), YAML);
        assertRedirectsToSignIn(anonymousVisitor().get(edit(project)));
        assertThat(signedIn(newUser(false)).get(edit(project)).statusCode()).isEqualTo(404);
        assertThat(signedIn(member(project, AccessLevel.DEVELOPER))
                        .get(edit(project))
                        .statusCode())
                .isEqualTo(403);
        var maintainer = signedIn(member(project, AccessLevel.MAINTAINER)).get(edit(project));
        assertThat(maintainer.statusCode()).isEqualTo(200);
        assertThat(maintainer.body()).contains("name=\"project[name]\"").doesNotContain("data-testid=\"delete-form\"");
        assertThat(signedIn(owner).get(edit(project)).body()).contains("data-testid=\"delete-form\"");
    }

    @Test
    void aMaintainerRenamesDescribesAndOpensTheProject() {
        Account owner = newUser(false);
        Project project = newProject(owner.user(), YAML);
        var session = signedIn(member(project, AccessLevel.MAINTAINER));
        session.get(edit(project));
        var answer = session.post(
                edit(project),
                Map.of(
                        "project[name]", "Renamed",
                        "project[description]", "Now described",
                        "project[visibility]", "public"));
        assertRedirectsTo(answer, edit(project));
        Project changed = projectStore.findById(project.id()).orElseThrow();
        assertThat(changed.name()).isEqualTo("Renamed");
        assertThat(changed.description()).isEqualTo("Now described");
        assertThat(changed.visibility()).isEqualTo(Visibility.PUBLIC);
        assertThat(changed.path()).isEqualTo(project.path());
        assertThat(session.get(edit(project)).body()).contains("was successfully updated");
        assertThat(anonymousVisitor().get(base(project)).statusCode()).isEqualTo(200);
    }

    @Test
    void badSettingsAreShownAndChangeNothing() {
        Account owner = newUser(false);
        Project project = newProject(owner.user(), YAML);
        var session = signedIn(owner);
        session.get(edit(project));
        var blank = session.post(
                edit(project),
                Map.of("project[name]", " ", "project[description]", "x", "project[visibility]", "public"));
        assertThat(blank.statusCode()).isEqualTo(422);
        assertThat(blank.body()).contains("Name can't be blank.");
        var badVisibility =
                session.post(edit(project), Map.of("project[name]", "ok", "project[visibility]", "everyone"));
        assertThat(badVisibility.statusCode()).isEqualTo(422);
        assertUnchanged(project);
    }

    @Test
    void developersAndForgedFormsCannotChangeSettings() {
        Account owner = newUser(false);
        Project project = newProject(owner.user(), YAML);
        var form = Map.of("project[name]", "Taken over", "project[visibility]", "public");
        var developer = signedIn(member(project, AccessLevel.DEVELOPER));
        developer.get(base(project));
        assertThat(developer.post(edit(project), form).statusCode()).isEqualTo(403);
        assertThat(signedIn(owner).postRaw(edit(project), form).statusCode()).isEqualTo(403);
        assertUnchanged(project);
    }

    @Test
    void onlyOwnersDeleteAndOnlyAfterTypingThePath() {
        Account owner = newUser(false);
        Project project = newProject(owner.user(), YAML);
        newPipeline(project, owner.user());
        String delete = base(project) + "/-/delete";

        var maintainer = signedIn(member(project, AccessLevel.MAINTAINER));
        maintainer.get(edit(project));
        assertThat(maintainer
                        .post(delete, Map.of("confirm_path", project.fullPath()))
                        .statusCode())
                .isEqualTo(403);
        var session = signedIn(owner);
        assertThat(session.postRaw(delete, Map.of("confirm_path", project.fullPath()))
                        .statusCode())
                .isEqualTo(403);
        session.get(edit(project));
        var wrong = session.post(delete, Map.of("confirm_path", project.path()));
        assertThat(wrong.statusCode()).isEqualTo(422);
        assertThat(wrong.body()).contains("data-testid=\"delete-error\"").contains("nothing was deleted");
        assertThat(projectStore.findById(project.id())).isPresent();

        var done = session.post(delete, Map.of("confirm_path", project.fullPath()));
        assertRedirectsTo(done, "/");
        assertThat(projectStore.findById(project.id())).isEmpty();
        assertThat(Files.exists(repositories.directory(project.id()))).isFalse();
        assertThat(pipelineStore.countForProject(project.id())).isZero();
        assertThat(session.get("/").body()).contains("was deleted");
        assertThat(session.get(base(project)).statusCode()).isEqualTo(404);
    }
}
