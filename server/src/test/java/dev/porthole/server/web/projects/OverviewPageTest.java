package dev.porthole.server.web.projects;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porthole.server.pipeline.Pipeline;
import dev.porthole.server.project.AccessLevel;
import dev.porthole.server.project.Project;
import dev.porthole.server.project.Visibility;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OverviewPageTest extends ProjectPagesTestSupport {
    private static final String YAML = "build:\n  script: [\"echo hi\"]\n";

    @Test
    void aPrivateProjectIsForMembersOnly() {
        Account owner = newUser(false);
        Project project = newProject(owner.user(), YAML);
        assertRedirectsToSignIn(anonymousVisitor().get(base(project)));
        assertThat(signedIn(newUser(false)).get(base(project)).statusCode()).isEqualTo(404);
        Account reporter = member(project, AccessLevel.REPORTER);
        assertThat(signedIn(reporter).get(base(project)).statusCode()).isEqualTo(200);
    }

    @Test
    void internalProjectsAreForSignedInUsersAndPublicOnesForEveryone() {
        Account owner = newUser(false);
        Project internal = withVisibility(newProject(owner.user(), YAML), Visibility.INTERNAL);
        assertRedirectsToSignIn(anonymousVisitor().get(base(internal)));
        assertThat(signedIn(newUser(false)).get(base(internal)).statusCode()).isEqualTo(200);

        Project open = withVisibility(newProject(owner.user(), YAML), Visibility.PUBLIC);
        var answer = anonymousVisitor().get(base(open));
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains(".gitlab-ci.yml");
    }

    @Test
    void theOverviewShowsTheCloneUrlTheLatestPipelineAndTheFiles() {
        Account owner = newUser(false);
        Project project = newProject(owner.user(), YAML);
        push(project, "main", Map.of("src/Main.java", "class Main {}", "README.md", "# Hello <world>\n"));
        Pipeline pipeline = newPipeline(project, owner.user());

        var body = signedIn(owner).get(base(project)).body();
        assertThat(body)
                .contains("data-testid=\"clone-url\">http://localhost:" + port + base(project) + ".git</code>")
                .contains("data-copy=\"http://localhost:" + port + base(project) + ".git\"")
                .contains("href=\"" + base(project) + "/-/pipelines/" + pipeline.id() + "\"")
                .contains("data-status=\"pending\"")
                .contains("href=\"" + base(project) + "/-/tree/main/src\"")
                .contains("href=\"" + base(project) + "/-/blob/main/.gitlab-ci.yml\"")
                .contains("# Hello &lt;world&gt;")
                .doesNotContain("data-testid=\"no-ci-config\"");
        // Folders come before files.
        assertThat(body.indexOf("/-/tree/main/src\"")).isLessThan(body.indexOf("/-/blob/main/.gitlab-ci.yml\""));
    }

    @Test
    void anEmptyRepositoryTellsDevelopersHowToPushAndReportersWhoCan() {
        Account owner = newUser(false);
        Project project = emptyProject(owner);
        var body = signedIn(owner).get(base(project)).body();
        String clone = "http://localhost:" + port + base(project) + ".git";
        assertThat(body)
                .contains("data-testid=\"empty-repository\"")
                .contains("git init --initial-branch=main")
                .contains("git remote add origin " + clone)
                .contains("git push --set-upstream origin main");

        Account reporter = member(project, AccessLevel.REPORTER);
        assertThat(signedIn(reporter).get(base(project)).body())
                .contains("Nothing has been pushed yet")
                .doesNotContain("git init --initial-branch");
    }

    @Test
    void aRepositoryWithoutCiConfigurationShowsAStarterFile() {
        Account owner = newUser(false);
        Project project = emptyProject(owner);
        push(project, "main", Map.of("README.md", "# readme\n"));
        var body = signedIn(owner).get(base(project)).body();
        assertThat(body)
                .contains("data-testid=\"no-ci-config\"")
                .contains("build-job:")
                .contains("git add .gitlab-ci.yml")
                .contains("No pipeline has run on");
    }

    @Test
    void foldersAndFilesOpenAtAnyBranchIncludingOnesWithSlashes() {
        Account owner = newUser(false);
        Project project = newProject(owner.user(), YAML);
        push(project, "feature/login", Map.of("app/deep/notes.txt", "one\n<script>alert(1)</script>\n"));
        var session = signedIn(owner);

        var folder = session.get(base(project) + "/-/tree/feature/login/app");
        assertThat(folder.statusCode()).isEqualTo(200);
        assertThat(folder.body()).contains("href=\"" + base(project) + "/-/tree/feature/login/app/deep\"");

        var file = session.get(base(project) + "/-/blob/feature/login/app/deep/notes.txt");
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.body())
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                .doesNotContain("<script>alert(1)")
                .contains("2 lines");

        assertThat(session.get(base(project) + "/-/tree/main").body()).contains(".gitlab-ci.yml");
        assertThat(session.get(base(project) + "/-/tree/nope").statusCode()).isEqualTo(404);
        assertThat(session.get(base(project) + "/-/blob/main/missing.txt").statusCode())
                .isEqualTo(404);
        assertThat(session.get(base(project) + "/-/blob/feature/login/app").statusCode())
                .isEqualTo(404);
    }

    @Test
    void filesFollowTheProjectsRules() {
        Account owner = newUser(false);
        Project project = newProject(owner.user(), YAML);
        String blob = base(project) + "/-/blob/main/.gitlab-ci.yml";
        assertRedirectsToSignIn(anonymousVisitor().get(blob));
        assertThat(signedIn(newUser(false)).get(blob).statusCode()).isEqualTo(404);
        assertThat(signedIn(member(project, AccessLevel.REPORTER)).get(blob).body())
                .contains("echo hi");
    }

    @Test
    void staticFilesAreNotMistakenForProjects() {
        var css = anonymousVisitor().get("/assets/porthole.css");
        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(css.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/css"));
    }
}
