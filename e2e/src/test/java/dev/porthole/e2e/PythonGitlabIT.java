package dev.porthole.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The server and runner driven only through python-gitlab, Debian's {@code python3-gitlab} and its command, as
 * teams' existing scripts drive GitLab. Each test runs one scenario of {@code src/test/python/gitlab_clients.py};
 * git pushes, which python-gitlab cannot do, are made here first.
 */
class PythonGitlabIT extends OnSharedEnvironment {
    private static final Path SCRIPT = Path.of("src/test/python/gitlab_clients.py");
    // Pipelines here are made through the API only: the push that creates the project makes none.
    private static final String NO_PUSH_PIPELINES = """
            workflow:
              rules:
                - if: $CI_PIPELINE_SOURCE == "push"
                  when: never
                - when: always
            """;

    @Test
    void pipelineWithVariablesArtifactsBetweenJobsAndAManualJob() throws Exception {
        var project = api.pushNewProject(Map.of(".gitlab-ci.yml", NO_PUSH_PIPELINES + """
                        stages: [build, test, deploy]
                        variables:
                          GREETING: hello
                        include:
                          - local: ci/deploy.yml
                        .base:
                          before_script:
                            - echo "base for $CI_JOB_NAME"
                        build:
                          extends: .base
                          stage: build
                          script:
                            - echo "greeting=$GREETING from=$FROM_API secret=$SECRET_TOKEN"
                            - mkdir -p out && echo "built by $CI_JOB_NAME on $CI_COMMIT_REF_NAME" > out/result.txt
                          artifacts:
                            name: build-output
                            paths: [out/]
                        test:
                          stage: test
                          needs: [build]
                          script:
                            - cat out/result.txt
                            - test "$(cat out/result.txt)" = "built by build on main"
                        """, "ci/deploy.yml", """
                deploy:
                  stage: deploy
                  when: manual
                  script: echo "deploying $CI_COMMIT_SHORT_SHA"
                """));
        run("pipeline", project.id());
    }

    @Test
    void retryCancelAndDeletePipelines() throws Exception {
        var project = api.pushNewProject(Map.of(".gitlab-ci.yml", NO_PUSH_PIPELINES + """
                        flaky:
                          script:
                            - echo "attempt of job $CI_JOB_ID"
                            - exit 3
                        slow:
                          script: sleep 300
                        """));
        run("retry-cancel-delete", project.id());
    }

    @Test
    void projectVariablesCrudWithGitLabsValidation() throws Exception {
        run("variables", null);
    }

    @Test
    void runnersAndVersion() throws Exception {
        run("runners", null);
    }

    @Test
    void lintReportsMergedYamlJobsAndErrors() throws Exception {
        run("lint", null);
    }

    @Test
    void badTokensUnknownProjectsAndForbiddenActionsAreRefusedAsGitLabDoes() throws Exception {
        var project = api.pushNewProject(Map.of(".gitlab-ci.yml", NO_PUSH_PIPELINES + "job:\n  script: echo hi\n"));
        run("errors", project.id());
    }

    @Test
    void theCommandLineClientWorks() throws Exception {
        var project =
                api.pushNewProject(Map.of(".gitlab-ci.yml", NO_PUSH_PIPELINES + "quick:\n  script: echo cli-run\n"));
        run("cli", project.id());
    }

    private static void run(String scenario, Long projectId) throws IOException, InterruptedException {
        Path output = Processes.outputDir().resolve("python-gitlab-" + scenario + ".log");
        var builder = new ProcessBuilder("/usr/bin/python3", SCRIPT.toString(), scenario)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        Map<String, String> environment = new HashMap<>(Map.of(
                "PORTHOLE_URL",
                env.server().url(),
                "PORTHOLE_TOKEN",
                api.token(),
                "RUNNER_DESCRIPTION",
                "shared runner",
                "PYTHONUNBUFFERED",
                "1"));
        if (projectId != null) {
            environment.put("PROJECT_ID", Long.toString(projectId));
        }
        builder.environment().putAll(environment);
        Process process = builder.start();
        boolean exited = process.waitFor(5, TimeUnit.MINUTES);
        if (!exited) {
            process.destroyForcibly();
        }
        String log = Files.readString(output, StandardCharsets.UTF_8);
        assertThat(exited)
                .as("scenario %s did not finish in 5 minutes:%n%s", scenario, log)
                .isTrue();
        assertThat(process.exitValue())
                .as("scenario %s failed:%n%s", scenario, log)
                .isZero();
        assertThat(log).contains(scenario + ": ok");
    }
}
