package dev.porthole.server.web.projects;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porthole.server.pipeline.JobService;
import dev.porthole.server.pipeline.Pipeline;
import dev.porthole.server.pipeline.PipelineVariable;
import dev.porthole.server.project.AccessLevel;
import dev.porthole.server.project.Project;
import dev.porthole.server.project.Visibility;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class PipelinesPageTest extends ProjectPagesTestSupport {
    private static final String YAML = "build:\n  script: [\"echo hi\"]\n";

    @Autowired
    JobService jobs;

    private static String pipelines(Project project) {
        return base(project) + "/-/pipelines";
    }

    @Test
    void theListShowsStatusIdRefCommitTriggererSourceAndAge() {
        Account owner = newUser(false);
        Project project = newProject(owner.user(), YAML);
        Pipeline pipeline = newPipeline(project, owner.user());
        Account reporter = member(project, AccessLevel.REPORTER);

        var answer = signedIn(reporter).get(pipelines(project));
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body())
                .contains("data-pipeline-id=\"" + pipeline.id() + "\" data-status=\"pending\"")
                .contains("href=\"" + pipelines(project) + "/" + pipeline.id() + "\"")
                .contains(">#" + pipeline.id() + "</a>")
                .contains("Add CI")
                .contains(pipeline.sha().substring(0, 8))
                .contains(owner.user().username())
                .contains(">API</span>")
                .contains("<time datetime=")
                // Reporters may look, not run.
                .doesNotContain("data-testid=\"run-pipeline\"");
        assertThat(signedIn(member(project, AccessLevel.DEVELOPER))
                        .get(pipelines(project))
                        .body())
                .contains("data-testid=\"run-pipeline\"");
    }

    @Test
    void theListFollowsTheProjectsRules() {
        Account owner = newUser(false);
        Project project = newProject(owner.user(), YAML);
        assertRedirectsToSignIn(anonymousVisitor().get(pipelines(project)));
        assertThat(signedIn(newUser(false)).get(pipelines(project)).statusCode())
                .isEqualTo(404);
        assertThat(signedIn(newUser(false)).get(pipelines(project) + ".json").statusCode())
                .isEqualTo(404);
    }

    @Test
    void aProjectWithoutPipelinesSaysHowToGetTheFirstOne() {
        Account owner = newUser(false);
        Project project = emptyProject(owner);
        var body = signedIn(owner).get(pipelines(project)).body();
        assertThat(body).contains("No pipelines yet").contains(".gitlab-ci.yml");
    }

    @Test
    void longListsArePaged() {
        Account owner = newUser(false);
        Project project = newProject(owner.user(), YAML);
        for (int i = 0; i < PipelinesPage.PER_PAGE + 1; i++) {
            newPipeline(project, owner.user());
        }
        var session = signedIn(owner);
        var first = session.get(pipelines(project)).body();
        assertThat(first.split("data-testid=\"pipeline-row\"", -1)).hasSize(PipelinesPage.PER_PAGE + 1);
        assertThat(first).contains("Page 1 of 2").contains("?page=2");
        var second = session.get(pipelines(project) + "?page=2").body();
        assertThat(second.split("data-testid=\"pipeline-row\"", -1)).hasSize(2);

        var json = json(session.get(pipelines(project) + ".json?page=2"));
        assertThat(json.get("count").asLong()).isEqualTo(PipelinesPage.PER_PAGE + 1);
        assertThat(json.get("pipelines")).hasSize(1);
        assertThat(json.get("pipelines").get(0).get("status").asString()).isEqualTo("pending");
    }

    @Test
    void theRunFormIsForDevelopers() {
        Account owner = newUser(false);
        Project project = newProject(owner.user(), YAML);
        push(project, "feature/x", Map.of("f.txt", "x"));
        String form = pipelines(project) + "/new";
        assertRedirectsToSignIn(anonymousVisitor().get(form));
        assertThat(signedIn(newUser(false)).get(form).statusCode()).isEqualTo(404);
        assertThat(signedIn(member(project, AccessLevel.REPORTER)).get(form).statusCode())
                .isEqualTo(403);
        var answer = signedIn(member(project, AccessLevel.DEVELOPER)).get(form);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body())
                .contains("<option value=\"main\" selected>main</option>")
                .contains("<option value=\"feature/x\">feature/x</option>")
                .contains("name=\"variables[0][key]\"")
                .contains("data-add-row");
    }

    @Test
    void runningAPipelineWithVariablesLeadsToItsPage() {
        Account owner = newUser(false);
        Project project = newProject(owner.user(), YAML);
        Account developer = member(project, AccessLevel.DEVELOPER);
        var session = signedIn(developer);
        session.get(pipelines(project) + "/new");
        var answer = session.post(
                pipelines(project),
                Map.of(
                        "ref", "main",
                        "variables[0][key]", "GREETING",
                        "variables[0][value]", "hello there",
                        "variables[0][variable_type]", "env_var",
                        "variables[3][key]", "SETTINGS",
                        "variables[3][value]", "a: 1",
                        "variables[3][variable_type]", "file",
                        "variables[5][key]", "",
                        "variables[5][value]", ""));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(302);
        String target = location(answer);
        assertThat(target).startsWith(pipelines(project) + "/");
        long id = Long.parseLong(target.substring(target.lastIndexOf('/') + 1));
        Pipeline pipeline = pipelineStore.findById(id).orElseThrow();
        assertThat(pipeline.source()).isEqualTo("web");
        assertThat(pipeline.userId()).isEqualTo(developer.user().id());
        assertThat(jobs.variablesOf(id))
                .containsExactlyInAnyOrder(
                        new PipelineVariable("GREETING", "hello there", false),
                        new PipelineVariable("SETTINGS", "a: 1", true));
    }

    @Test
    void aRefWithoutConfigurationOrWithBrokenYamlIsExplainedInTheForm() {
        Account owner = newUser(false);
        Project project = newProject(owner.user(), YAML);
        var session = signedIn(owner);
        session.get(pipelines(project) + "/new");
        long before = pipelineStore.countForProject(project.id());

        var missing = session.post(pipelines(project), Map.of("ref", "nowhere"));
        assertThat(missing.statusCode()).isEqualTo(422);
        assertThat(missing.body()).contains("The branch or tag nowhere does not exist.");

        Project bare = emptyProject(owner);
        push(bare, "main", Map.of("README.md", "# no ci"));
        session.get(pipelines(bare) + "/new");
        var noConfig = session.post(pipelines(bare), Map.of("ref", "main"));
        assertThat(noConfig.statusCode()).isEqualTo(422);
        assertThat(noConfig.body()).contains("Missing CI config file").contains("data-testid=\"form-errors\"");

        push(project, "broken", Map.of(".gitlab-ci.yml", "build:\n  script: [\"x\"]\n  when: sometimes\n"));
        var broken = session.post(pipelines(project), Map.of("ref", "broken"));
        assertThat(broken.statusCode()).isEqualTo(422);
        assertThat(broken.body()).contains("data-testid=\"form-errors\"").contains("when");
        // GitLab records a broken configuration as a failed pipeline, and the form links to it.
        assertThat(pipelineStore.countForProject(project.id())).isEqualTo(before + 1);
        assertThat(broken.body()).contains("A failed pipeline");
    }

    @Test
    void badVariableKeysAreRefusedAndRunNothing() {
        Account owner = newUser(false);
        Project project = newProject(owner.user(), YAML);
        var session = signedIn(owner);
        session.get(pipelines(project) + "/new");
        var answer = session.post(
                pipelines(project),
                Map.of("ref", "main", "variables[0][key]", "NOT VALID", "variables[0][value]", "x"));
        assertThat(answer.statusCode()).isEqualTo(422);
        assertThat(answer.body())
                .contains("Variable key 'NOT VALID' can contain only letters")
                .contains("value=\"NOT VALID\"");
        var twice = session.post(
                pipelines(project),
                Map.of(
                        "ref", "main",
                        "variables[0][key]", "A",
                        "variables[0][value]", "1",
                        "variables[1][key]", "A",
                        "variables[1][value]", "2"));
        assertThat(twice.statusCode()).isEqualTo(422);
        assertThat(twice.body()).contains("Variable A is given twice");
        assertThat(pipelineStore.countForProject(project.id())).isZero();
    }

    @Test
    void onlyDevelopersRunPipelinesAndOnlyWithTheFormsToken() {
        Account owner = newUser(false);
        Project project = withVisibility(newProject(owner.user(), YAML), Visibility.PUBLIC);
        Account reporter = member(project, AccessLevel.REPORTER);
        var session = signedIn(reporter);
        session.get(pipelines(project));
        assertThat(session.post(pipelines(project), Map.of("ref", "main")).statusCode())
                .isEqualTo(403);
        // A guest of a public project reads it, but may not run anything.
        Account guest = member(project, AccessLevel.GUEST);
        var guestSession = signedIn(guest);
        guestSession.get(pipelines(project));
        assertThat(guestSession.post(pipelines(project), Map.of("ref", "main")).statusCode())
                .isEqualTo(403);
        assertThat(signedIn(owner)
                        .postRaw(pipelines(project), Map.of("ref", "main"))
                        .statusCode())
                .isEqualTo(403);
        assertThat(anonymousVisitor()
                        .postRaw(pipelines(project), Map.of("ref", "main"))
                        .statusCode())
                .isEqualTo(403);
        assertThat(pipelineStore.countForProject(project.id())).isZero();
    }
}
