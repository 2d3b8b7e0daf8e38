package dev.porthole.server.restapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porthole.server.account.TokenScope;
import dev.porthole.server.app.ServerTestSupport;
import dev.porthole.server.project.AccessLevel;
import dev.porthole.server.project.Project;
import dev.porthole.server.project.ProjectStore;
import dev.porthole.server.runner.RunnerService.RunnerOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The CI parts of GitLab's REST API that scripts and python-gitlab use: project variables, pipeline variables and
 * deletion, the linter, project jobs, job artifacts (with job tokens), and the admin endpoints for users, tokens
 * and members. Statuses and bodies are GitLab's.
 */
class CiApiTest extends ServerTestSupport {
    private static final String ONE_JOB = "job:\n  script: x\n";

    @Autowired
    ProjectStore projectStore;

    private Account member(Project project, AccessLevel level) {
        Account account = newUser(false);
        projectStore.addMember(project.id(), account.user().id(), level, Instant.now());
        return account;
    }

    private static String api(Project project, String path) {
        return "/api/v4/projects/" + project.id() + path;
    }

    /** A request as a script sends it: a personal access token if given, a JSON body if given. */
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

    /** The body of a JSON answer, once its status is right and it is labelled exactly as GitLab labels it. */
    private static JsonNode answer(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(header(response, "Content-Type")).containsExactly("application/json");
        return json(response);
    }

    private static String message(HttpResponse<String> response, int status) {
        return answer(response, status).get("message").asString();
    }

    /** The first message GitLab gives for a field of a refused request: {@code {"message": {field: [...]}}}. */
    private static String fieldError(HttpResponse<String> response, String field) {
        JsonNode messages = answer(response, 400).get("message").get(field);
        assertThat(messages).as(response.body()).isNotNull();
        return messages.get(0).asString();
    }

    private long jobId(Project project, long pipeline, String name, String token) {
        for (JsonNode job : json(get(api(project, "/pipelines/" + pipeline + "/jobs"), token))) {
            if (job.get("name").asString().equals(name)) {
                return job.get("id").asLong();
            }
        }
        throw new AssertionError("no job " + name + " in pipeline " + pipeline);
    }

    @Nested
    class ProjectVariables {
        @Test
        void aMaintainerCreatesListsReadsUpdatesAndDeletesAVariable() {
            Account owner = newUser(false);
            Project project = newProject(owner.user(), ONE_JOB);
            String token = member(project, AccessLevel.MAINTAINER).token();

            var created = call(
                    "POST",
                    api(project, "/variables"),
                    token,
                    Map.of("key", "DEPLOY_TOKEN", "value", "s3cr3t-value", "masked", true, "protected", "true"));
            JsonNode variable = answer(created, 201);
            assertThat(variable.get("key").asString()).isEqualTo("DEPLOY_TOKEN");
            assertThat(variable.get("value").asString()).isEqualTo("s3cr3t-value");
            assertThat(variable.get("variable_type").asString()).isEqualTo("env_var");
            assertThat(variable.get("masked").asBoolean()).isTrue();
            assertThat(variable.get("protected").asBoolean()).isTrue();
            assertThat(variable.get("raw").asBoolean()).isFalse();
            assertThat(variable.get("environment_scope").asString()).isEqualTo("*");

            JsonNode list = answer(get(api(project, "/variables"), token), 200);
            assertThat(list.size()).isEqualTo(1);
            assertThat(list.get(0).get("key").asString()).isEqualTo("DEPLOY_TOKEN");
            assertThat(answer(get(api(project, "/variables/DEPLOY_TOKEN"), token), 200)
                            .get("value")
                            .asString())
                    .isEqualTo("s3cr3t-value");

            // Fields a PUT leaves out keep their values: the variable stays masked and protected.
            JsonNode updated = answer(
                    call("PUT", api(project, "/variables/DEPLOY_TOKEN"), token, Map.of("value", "n3w-s3cr3t-value")),
                    200);
            assertThat(updated.get("value").asString()).isEqualTo("n3w-s3cr3t-value");
            assertThat(updated.get("masked").asBoolean()).isTrue();
            assertThat(updated.get("protected").asBoolean()).isTrue();
            assertThat(answer(get(api(project, "/variables/DEPLOY_TOKEN"), token), 200)
                            .get("value")
                            .asString())
                    .isEqualTo("n3w-s3cr3t-value");

            var deleted = call("DELETE", api(project, "/variables/DEPLOY_TOKEN"), token, null);
            assertThat(deleted.statusCode()).isEqualTo(204);
            assertThat(deleted.body()).isEmpty();
            assertThat(message(get(api(project, "/variables/DEPLOY_TOKEN"), token), 404))
                    .isEqualTo("404 Variable Not Found");
            assertThat(answer(get(api(project, "/variables"), token), 200).size())
                    .isZero();
        }

        @Test
        void aValueThatCannotBeMaskedIsRefusedOnTheValueField() {
            Account owner = newUser(false);
            Project project = newProject(owner.user(), ONE_JOB);
            var shortValue = call(
                    "POST",
                    api(project, "/variables"),
                    owner.token(),
                    Map.of("key", "PASSWORD", "value", "short", "masked", true));
            assertThat(fieldError(shortValue, "value")).contains("cannot be masked");
            var twoLines = call(
                    "POST",
                    api(project, "/variables"),
                    owner.token(),
                    Map.of("key", "PASSWORD", "value", "long enough\nbut two lines", "masked", true));
            assertThat(fieldError(twoLines, "value")).contains("cannot be masked");
            assertThat(answer(get(api(project, "/variables"), owner.token()), 200)
                            .size())
                    .isZero();

            // Masking an existing value that does not qualify is refused the same way, and changes nothing.
            answer(
                    call("POST", api(project, "/variables"), owner.token(), Map.of("key", "PLAIN", "value", "abc")),
                    201);
            var maskLater = call("PUT", api(project, "/variables/PLAIN"), owner.token(), Map.of("masked", true));
            assertThat(fieldError(maskLater, "value")).contains("cannot be masked");
            assertThat(answer(get(api(project, "/variables/PLAIN"), owner.token()), 200)
                            .get("masked")
                            .asBoolean())
                    .isFalse();
        }

        @Test
        void aDuplicateOrMalformedKeyIsABadRequestAndAnUnknownKeyIsNotFound() {
            Account owner = newUser(false);
            Project project = newProject(owner.user(), ONE_JOB);
            Map<String, Object> body = Map.of("key", "REGION", "value", "eu");
            answer(call("POST", api(project, "/variables"), owner.token(), body), 201);
            assertThat(fieldError(call("POST", api(project, "/variables"), owner.token(), body), "key"))
                    .isEqualTo("(REGION) has already been taken");
            assertThat(fieldError(
                            call(
                                    "POST",
                                    api(project, "/variables"),
                                    owner.token(),
                                    Map.of("key", "NOT-A-KEY", "value", "x")),
                            "key"))
                    .isEqualTo("can contain only letters, digits and '_'.");
            assertThat(fieldError(call("POST", api(project, "/variables"), owner.token(), Map.of("value", "x")), "key"))
                    .isEqualTo("can contain only letters, digits and '_'.");
            assertThat(fieldError(
                            call(
                                    "POST",
                                    api(project, "/variables"),
                                    owner.token(),
                                    Map.of("key", "KIND", "value", "x", "variable_type", "secret")),
                            "variable_type"))
                    .isEqualTo("should be env_var or file");

            assertThat(message(get(api(project, "/variables/NOPE"), owner.token()), 404))
                    .isEqualTo("404 Variable Not Found");
            assertThat(message(call("PUT", api(project, "/variables/NOPE"), owner.token(), Map.of("value", "x")), 404))
                    .isEqualTo("404 Variable Not Found");
            assertThat(message(call("DELETE", api(project, "/variables/NOPE"), owner.token(), null), 404))
                    .isEqualTo("404 Variable Not Found");
        }

        @Test
        void onlyMaintainersAndOwnersReachVariables() {
            Account owner = newUser(false);
            Project project = newProject(owner.user(), ONE_JOB);
            answer(
                    call("POST", api(project, "/variables"), owner.token(), Map.of("key", "SECRET", "value", "hush")),
                    201);
            Map<String, Object> body = Map.of("key", "OTHER", "value", "x");

            for (AccessLevel level : List.of(AccessLevel.DEVELOPER, AccessLevel.REPORTER)) {
                String token = member(project, level).token();
                assertThat(message(get(api(project, "/variables"), token), 403))
                        .as("%s", level)
                        .isEqualTo("403 Forbidden");
                assertThat(message(call("POST", api(project, "/variables"), token, body), 403))
                        .isEqualTo("403 Forbidden");
                assertThat(message(call("DELETE", api(project, "/variables/SECRET"), token, null), 403))
                        .isEqualTo("403 Forbidden");
            }
            String outsider = newUser(false).token();
            assertThat(message(get(api(project, "/variables/SECRET"), outsider), 404))
                    .isEqualTo("404 Project Not Found");
            assertThat(message(get(api(project, "/variables"), null), 401)).isEqualTo("401 Unauthorized");
            assertThat(message(call("POST", api(project, "/variables"), null, body), 401))
                    .isEqualTo("401 Unauthorized");
            assertThat(answer(get(api(project, "/variables/SECRET"), owner.token()), 200)
                            .get("value")
                            .asString())
                    .isEqualTo("hush");
        }

        @Test
        void aReadOnlyTokenMayListVariablesButNotCreateThem() {
            Account owner = newUser(false);
            Project project = newProject(owner.user(), ONE_JOB);
            String readOnly = accounts.createToken(owner.user().id(), "ro", Set.of(TokenScope.READ_API), null);
            assertThat(answer(get(api(project, "/variables"), readOnly), 200).isArray())
                    .isTrue();
            JsonNode refused =
                    answer(call("POST", api(project, "/variables"), readOnly, Map.of("key", "K", "value", "v")), 403);
            assertThat(refused.get("error").asString()).isEqualTo("insufficient_scope");
            assertThat(answer(get(api(project, "/variables"), owner.token()), 200)
                            .size())
                    .isZero();
        }
    }

    @Nested
    class PipelineCreation {
        private static final String RULED = """
                deploy:
                  script: ./deploy "$DEPLOY_TO"
                  rules:
                    - if: $DEPLOY_TO == "staging"
                """;

        @Test
        void variablesGivenAtCreationAreStoredAndReachTheRules() {
            Account owner = newUser(false);
            Project project = newProject(owner.user(), RULED);
            var created = call(
                    "POST",
                    api(project, "/pipeline"),
                    owner.token(),
                    Map.of(
                            "ref",
                            "main",
                            "variables",
                            List.of(
                                    Map.of("key", "DEPLOY_TO", "value", "staging"),
                                    Map.of("key", "CONFIG", "value", "a: 1", "variable_type", "file"))));
            long id = answer(created, 201).get("id").asLong();

            JsonNode variables = answer(get(api(project, "/pipelines/" + id + "/variables"), owner.token()), 200);
            assertThat(variables.size()).isEqualTo(2);
            assertThat(variables.get(0).get("key").asString()).isEqualTo("CONFIG");
            assertThat(variables.get(0).get("value").asString()).isEqualTo("a: 1");
            assertThat(variables.get(0).get("variable_type").asString()).isEqualTo("file");
            assertThat(variables.get(1).get("key").asString()).isEqualTo("DEPLOY_TO");
            assertThat(variables.get(1).get("value").asString()).isEqualTo("staging");
            assertThat(variables.get(1).get("variable_type").asString()).isEqualTo("env_var");
            assertThat(jobId(project, id, "deploy", owner.token())).isPositive();

            // Reading them takes what running pipelines takes: a reporter may not.
            String reporter = member(project, AccessLevel.REPORTER).token();
            assertThat(message(get(api(project, "/pipelines/" + id + "/variables"), reporter), 403))
                    .isEqualTo("403 Forbidden");
        }

        @Test
        void malformedVariablesAreABadRequestNamingVariablesAndMakeNoPipeline() {
            Account owner = newUser(false);
            Project project = newProject(owner.user(), ONE_JOB);
            List<List<Map<String, Object>>> malformed = List.of(
                    List.of(Map.of("key", "NOT-OK", "value", "x")),
                    List.of(Map.of("value", "no key")),
                    List.of(Map.of("key", "TWICE", "value", "1"), Map.of("key", "TWICE", "value", "2")),
                    List.of(Map.of("key", "KIND", "value", "x", "variable_type", "secret")),
                    List.of(Map.of("key", "NESTED", "value", Map.of("a", 1))));
            for (var variables : malformed) {
                var response = call(
                        "POST",
                        api(project, "/pipeline"),
                        owner.token(),
                        Map.of("ref", "main", "variables", variables));
                assertThat(fieldError(response, "variables"))
                        .as("%s", variables)
                        .isNotBlank();
            }
            var pipelines = get(api(project, "/pipelines"), owner.token());
            assertThat(answer(pipelines, 200).size()).isZero();
            assertThat(header(pipelines, "X-Total")).containsExactly("0");
        }

        @Test
        void rulesThatKeepEveryJobOutAreABadRequestWithTheReason() {
            Account owner = newUser(false);
            Project project = newProject(owner.user(), RULED);
            var response = call("POST", api(project, "/pipeline"), owner.token(), Map.of("ref", "main"));
            assertThat(fieldError(response, "base"))
                    .isEqualTo("Pipeline will not run for the selected trigger. The rules configuration prevented any"
                            + " jobs from being added to the pipeline.");
            assertThat(answer(get(api(project, "/pipelines"), owner.token()), 200)
                            .size())
                    .isZero();

            Project workflow =
                    newProject(owner.user(), "workflow:\n  rules:\n    - if: $CI_COMMIT_TAG\njob:\n  script: x\n");
            assertThat(fieldError(
                            call("POST", api(workflow, "/pipeline"), owner.token(), Map.of("ref", "main")), "base"))
                    .isEqualTo("Pipeline filtered out by workflow rules.");
        }

        @Test
        void onlyTheOwnerDeletesAPipelineAndThenItAndItsJobsAreGone() {
            Account owner = newUser(false);
            Project project = newProject(owner.user(), ONE_JOB);
            long pipeline = newPipeline(project, owner.user()).id();
            long job = jobId(project, pipeline, "job", owner.token());
            String path = api(project, "/pipelines/" + pipeline);

            for (AccessLevel level : List.of(AccessLevel.MAINTAINER, AccessLevel.DEVELOPER)) {
                String token = member(project, level).token();
                assertThat(message(call("DELETE", path, token, null), 403))
                        .as("%s", level)
                        .isEqualTo("403 Forbidden");
            }
            assertThat(message(call("DELETE", path, newUser(false).token(), null), 404))
                    .isEqualTo("404 Project Not Found");
            assertThat(message(call("DELETE", path, null, null), 401)).isEqualTo("401 Unauthorized");
            answer(get(path, owner.token()), 200);

            var deleted = call("DELETE", path, owner.token(), null);
            assertThat(deleted.statusCode()).isEqualTo(204);
            assertThat(deleted.body()).isEmpty();
            assertThat(message(get(path, owner.token()), 404)).isEqualTo("404 Pipeline Not Found");
            assertThat(message(call("DELETE", path, owner.token(), null), 404)).isEqualTo("404 Pipeline Not Found");
            assertThat(message(get(api(project, "/jobs/" + job), owner.token()), 404))
                    .isEqualTo("404 Job Not Found");
        }
    }

    @Nested
    class Lint {
        private static final String VALID = """
                .base:
                  script: echo base
                build:
                  extends: .base
                  stage: build
                test:
                  script: echo test
                  needs: [build]
                """;

        @Test
        void validContentIsMergedAndItsJobsListedOnRequest() {
            Account owner = newUser(false);
            Project project = newProject(owner.user(), ONE_JOB);
            JsonNode report = answer(
                    call(
                            "POST",
                            api(project, "/ci/lint"),
                            owner.token(),
                            Map.of("content", VALID, "include_jobs", true)),
                    200);
            assertThat(report.get("valid").asBoolean()).isTrue();
            assertThat(report.get("errors").size()).isZero();
            assertThat(report.get("warnings").size()).isZero();
            assertThat(report.get("merged_yaml").asString())
                    .contains("echo base")
                    .doesNotContain("extends");

            JsonNode jobs = report.get("jobs");
            assertThat(jobs.size()).isEqualTo(2);
            JsonNode build = jobs.get(0).get("name").asString().equals("build") ? jobs.get(0) : jobs.get(1);
            JsonNode test = build == jobs.get(0) ? jobs.get(1) : jobs.get(0);
            assertThat(build.get("stage").asString()).isEqualTo("build");
            assertThat(build.get("script").get(0).asString()).isEqualTo("echo base");
            assertThat(build.get("when").asString()).isEqualTo("on_success");
            assertThat(test.get("name").asString()).isEqualTo("test");
            assertThat(test.get("needs").get(0).get("name").asString()).isEqualTo("build");

            JsonNode withoutJobs =
                    answer(call("POST", api(project, "/ci/lint"), owner.token(), Map.of("content", VALID)), 200);
            assertThat(withoutJobs.has("jobs")).isFalse();
        }

        @Test
        void invalidContentIsReportedNotRefused() {
            Account owner = newUser(false);
            Project project = newProject(owner.user(), ONE_JOB);
            JsonNode report = answer(
                    call(
                            "POST",
                            api(project, "/ci/lint"),
                            owner.token(),
                            Map.of("content", "job:\n  script: x\n  when: sometimes\n", "include_jobs", true)),
                    200);
            assertThat(report.get("valid").asBoolean()).isFalse();
            assertThat(report.get("errors").get(0).asString())
                    .contains("jobs:job:when")
                    .contains("sometimes");
            assertThat(report.get("merged_yaml").isNull()).isTrue();
            assertThat(report.get("jobs").size()).isZero();
        }

        @Test
        void contentIsRequired() {
            Account owner = newUser(false);
            Project project = newProject(owner.user(), ONE_JOB);
            assertThat(fieldError(
                            call("POST", api(project, "/ci/lint"), owner.token(), Map.of("include_jobs", true)),
                            "content"))
                    .isEqualTo("is missing");
        }

        @Test
        void getLintsTheProjectsOwnFileAtARef() {
            Account owner = newUser(false);
            Project project = newProject(owner.user(), VALID);
            JsonNode atMain =
                    answer(get(api(project, "/ci/lint?content_ref=main&include_jobs=true"), owner.token()), 200);
            assertThat(atMain.get("valid").asBoolean()).isTrue();
            assertThat(atMain.get("merged_yaml").asString()).contains("echo base");
            assertThat(atMain.get("jobs").size()).isEqualTo(2);
            assertThat(answer(get(api(project, "/ci/lint"), owner.token()), 200)
                            .get("valid")
                            .asBoolean())
                    .isTrue();

            repositories.commit(
                    project.id(),
                    "docs",
                    Map.of("README.md", "no CI here".getBytes(StandardCharsets.UTF_8)),
                    "Docs only",
                    new PersonIdent(owner.user().name(), owner.user().email()));
            JsonNode atDocs = answer(get(api(project, "/ci/lint?content_ref=docs"), owner.token()), 200);
            assertThat(atDocs.get("valid").asBoolean()).isFalse();
            assertThat(atDocs.get("errors").get(0).asString())
                    .contains(".gitlab-ci.yml")
                    .contains("docs");
            assertThat(atDocs.get("merged_yaml").isNull()).isTrue();
        }

        @Test
        void outsidersDoNotSeeTheProject() {
            Account owner = newUser(false);
            Project project = newProject(owner.user(), ONE_JOB);
            String outsider = newUser(false).token();
            assertThat(message(call("POST", api(project, "/ci/lint"), outsider, Map.of("content", VALID)), 404))
                    .isEqualTo("404 Project Not Found");
            assertThat(message(get(api(project, "/ci/lint"), outsider), 404)).isEqualTo("404 Project Not Found");
            assertThat(message(get(api(project, "/ci/lint"), null), 404)).isEqualTo("404 Project Not Found");
        }
    }

    @Nested
    class ProjectJobs {
        @Test
        void jobsAreFilteredByScopeAndPaginatedNewestFirst() {
            Account owner = newUser(false);
            // Tagged for no runner, so that nothing takes them while the test looks.
            Project project = newProject(owner.user(), """
                    stages: [build, test]
                    a:
                      stage: build
                      tags: [nowhere]
                      script: x
                    b:
                      stage: build
                      tags: [nowhere]
                      script: x
                    c:
                      stage: build
                      tags: [nowhere]
                      script: x
                    d:
                      stage: test
                      tags: [nowhere]
                      script: x
                    """);
            newPipeline(project, owner.user());

            var first = get(api(project, "/jobs?scope%5B%5D=pending&per_page=2"), owner.token());
            JsonNode page = answer(first, 200);
            assertThat(page.size()).isEqualTo(2);
            assertThat(page.get(0).get("status").asString()).isEqualTo("pending");
            assertThat(page.get(0).get("id").asLong())
                    .isGreaterThan(page.get(1).get("id").asLong());
            assertThat(header(first, "X-Total")).containsExactly("3");
            assertThat(header(first, "X-Total-Pages")).containsExactly("2");
            assertThat(header(first, "X-Page")).containsExactly("1");
            assertThat(header(first, "X-Per-Page")).containsExactly("2");
            assertThat(header(first, "X-Next-Page")).containsExactly("2");
            assertThat(header(first, "X-Prev-Page")).containsExactly("");
            assertThat(header(first, "Link").get(0))
                    .contains("scope%5B%5D=pending")
                    .contains("page=2")
                    .contains("rel=\"next\"");

            var second = get(api(project, "/jobs?scope%5B%5D=pending&per_page=2&page=2"), owner.token());
            assertThat(answer(second, 200).size()).isEqualTo(1);
            assertThat(header(second, "X-Next-Page")).containsExactly("");
            assertThat(header(second, "X-Prev-Page")).containsExactly("1");

            JsonNode created = answer(get(api(project, "/jobs?scope%5B%5D=created"), owner.token()), 200);
            assertThat(created.size()).isEqualTo(1);
            assertThat(created.get(0).get("name").asString()).isEqualTo("d");
            var both = get(api(project, "/jobs?scope%5B%5D=created&scope%5B%5D=pending"), owner.token());
            assertThat(header(both, "X-Total")).containsExactly("4");
            var all = get(api(project, "/jobs"), owner.token());
            assertThat(header(all, "X-Total")).containsExactly("4");
            assertThat(fieldError(get(api(project, "/jobs?scope%5B%5D=done"), owner.token()), "scope"))
                    .contains("done");
        }

        @Test
        void playingAJobThatIsNotManualIsABadRequest() {
            Account owner = newUser(false);
            Project project = newProject(owner.user(), "job:\n  tags: [nowhere]\n  script: x\n");
            long pipeline = newPipeline(project, owner.user()).id();
            long job = jobId(project, pipeline, "job", owner.token());
            var played = call("POST", api(project, "/jobs/" + job + "/play"), owner.token(), null);
            assertThat(message(played, 400)).isEqualTo("400 Bad request - Unplayable Job");
            assertThat(answer(get(api(project, "/jobs/" + job), owner.token()), 200)
                            .get("status")
                            .asString())
                    .isEqualTo("pending");
        }
    }

    @Nested
    class Artifacts {
        private static final String PIPELINE = """
                stages: [build, test]
                build:
                  stage: build
                  tags: [TAG]
                  script: make
                  artifacts:
                    paths: [dist/]
                test:
                  stage: test
                  tags: [TAG]
                  script: make test
                """;

        private Account owner;
        private String tag;
        private String runnerToken;
        private byte[] zip;

        @BeforeEach
        void runnerOfItsOwn() {
            // A runner per test, with a tag no other test's jobs carry: it takes only this test's jobs.
            tag = "artifacts-" + UUID.randomUUID();
            owner = newUser(false);
            runnerToken = runners.createByAdmin(
                            new RunnerOptions("artifact runner", List.of(tag), false, false, false, null),
                            owner.user().id())
                    .token();
            zip = zip(Map.of("dist/app.txt", "built by make\n", "dist/docs/index.html", "<h1>docs</h1>"));
        }

        private static byte[] zip(Map<String, String> files) {
            var bytes = new ByteArrayOutputStream();
            try (var out = new ZipOutputStream(bytes)) {
                out.putNextEntry(new ZipEntry("dist/"));
                out.closeEntry();
                for (var file : files.entrySet()) {
                    out.putNextEntry(new ZipEntry(file.getKey()));
                    out.write(file.getValue().getBytes(StandardCharsets.UTF_8));
                    out.closeEntry();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        }

        private Project project() {
            return newProject(owner.user(), PIPELINE.replace("TAG", tag));
        }

        /** The next job for this test's runner, running: its payload, with {@code id} and {@code token}. */
        private JsonNode requestJob() {
            var response = postJson(
                    "/api/v4/jobs/request",
                    Map.of("token", runnerToken, "info", Map.of("name", "gitlab-runner", "version", "17.0.0")),
                    Map.of());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
            return json(response);
        }

        private JsonNode startBuild(Project project) {
            newPipeline(project, owner.user());
            JsonNode job = requestJob();
            assertThat(job.get("job_info").get("name").asString()).isEqualTo("build");
            return job;
        }

        /** The runner's upload, as gitlab-runner sends it: multipart, field {@code file}, the job token in a header. */
        private HttpResponse<String> upload(long jobId, String token, byte[] content) {
            String boundary = "----porthole" + UUID.randomUUID();
            var body = new ByteArrayOutputStream();
            body.writeBytes(("--" + boundary + "\r\n"
                            + "Content-Disposition: form-data; name=\"file\"; filename=\"artifacts.zip\"\r\n"
                            + "Content-Type: application/zip\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            body.writeBytes(content);
            body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
            var request = HttpRequest.newBuilder(URI.create(url("/api/v4/jobs/" + jobId
                            + "/artifacts?artifact_type=archive&artifact_format=zip&expire_in=1%20week")))
                    .timeout(Duration.ofSeconds(30))
                    .header("JOB-TOKEN", token)
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                    .build();
            return exchange(request, HttpResponse.BodyHandlers.ofString());
        }

        private HttpResponse<byte[]> download(String path, Map<String, String> headers) {
            var builder = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30));
            headers.forEach(builder::header);
            return exchange(builder.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        }

        private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
            try {
                return HTTP.send(request, handler);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        private HttpResponse<String> finish(JsonNode job, String state) {
            return send(
                    "PUT",
                    "/api/v4/jobs/" + job.get("id").asLong(),
                    Map.of("Content-Type", "application/json"),
                    JSON.writeValueAsString(Map.of("token", job.get("token").asString(), "state", state)));
        }

        /** Lets the build succeed, then runs the test job that follows it to success: the pipeline succeeds. */
        private void finishPipeline(JsonNode build) {
            assertThat(finish(build, "success").statusCode()).isEqualTo(200);
            JsonNode test = requestJob();
            assertThat(test.get("job_info").get("name").asString()).isEqualTo("test");
            assertThat(finish(test, "success").statusCode()).isEqualTo(200);
            long pipeline = test.get("job_info").get("pipeline_id").asLong();
            long projectId = test.get("job_info").get("project_id").asLong();
            assertThat(json(get("/api/v4/projects/" + projectId + "/pipelines/" + pipeline, owner.token()))
                            .get("status")
                            .asString())
                    .isEqualTo("success");
        }

        private String artifactsOf(Project project, JsonNode job) {
            return api(project, "/jobs/" + job.get("id").asLong() + "/artifacts");
        }

        private static String text(HttpResponse<byte[]> response) {
            return new String(response.body(), StandardCharsets.UTF_8);
        }

        @Test
        void anUploadedArchiveShowsOnTheJobAndIsDownloadedWholeOrFileByFile() {
            Project project = project();
            JsonNode build = startBuild(project);
            var uploaded = upload(build.get("id").asLong(), build.get("token").asString(), zip);
            JsonNode receipt = answer(uploaded, 201);
            assertThat(receipt.get("id").asLong()).isEqualTo(build.get("id").asLong());
            assertThat(receipt.get("artifacts_file").get("filename").asString()).isEqualTo("artifacts.zip");
            assertThat(receipt.get("artifacts_file").get("size").asLong()).isEqualTo(zip.length);

            JsonNode entity = answer(get(api(project, "/jobs/" + build.get("id").asLong()), owner.token()), 200);
            assertThat(entity.get("artifacts_file").get("filename").asString()).isEqualTo("artifacts.zip");
            assertThat(entity.get("artifacts_file").get("size").asLong()).isEqualTo(zip.length);
            Instant expires = Instant.parse(entity.get("artifacts_expire_at").asString());
            Instant inAWeek = Instant.now().plus(Duration.ofDays(7));
            assertThat(expires).isBetween(inAWeek.minus(Duration.ofMinutes(5)), inAWeek);
            assertThat(entity.get("artifacts").get(0).get("file_type").asString())
                    .isEqualTo("archive");
            assertThat(entity.get("artifacts").get(0).get("file_format").asString())
                    .isEqualTo("zip");

            var whole = download(artifactsOf(project, build), Map.of("PRIVATE-TOKEN", owner.token()));
            assertThat(whole.statusCode()).isEqualTo(200);
            assertThat(whole.body()).isEqualTo(zip);
            assertThat(header(whole, "Content-Type")).containsExactly("application/octet-stream");
            assertThat(header(whole, "Content-Disposition").get(0))
                    .startsWith("attachment")
                    .contains("artifacts.zip");

            var one = download(artifactsOf(project, build) + "/dist/app.txt", Map.of("PRIVATE-TOKEN", owner.token()));
            assertThat(one.statusCode()).isEqualTo(200);
            assertThat(text(one)).isEqualTo("built by make\n");
            assertThat(header(one, "Content-Disposition").get(0)).contains("app.txt");
            var nested = download(
                    artifactsOf(project, build) + "/dist/docs/index.html", Map.of("PRIVATE-TOKEN", owner.token()));
            assertThat(text(nested)).isEqualTo("<h1>docs</h1>");

            var missing = get(artifactsOf(project, build) + "/dist/nothing.txt", owner.token());
            assertThat(message(missing, 404)).isEqualTo("404 File Not Found");
            assertThat(message(get(artifactsOf(project, build) + "/dist", owner.token()), 404))
                    .isEqualTo("404 File Not Found");
        }

        @Test
        void aJobWithoutArtifactsHasNone() {
            Project project = project();
            JsonNode build = startBuild(project);
            JsonNode entity = answer(get(api(project, "/jobs/" + build.get("id").asLong()), owner.token()), 200);
            assertThat(entity.get("artifacts_file").isNull()).isTrue();
            assertThat(entity.get("artifacts_expire_at").isNull()).isTrue();
            assertThat(message(get(artifactsOf(project, build), owner.token()), 404))
                    .isEqualTo("404 Artifacts Not Found");
        }

        @Test
        void theLatestSuccessfulJobOfANameOnARefIsDownloadedByRef() {
            Project project = project();
            JsonNode build = startBuild(project);
            answer(upload(build.get("id").asLong(), build.get("token").asString(), zip), 201);
            String byRef = api(project, "/jobs/artifacts/main/download?job=build");
            assertThat(message(get(byRef, owner.token()), 404)).isEqualTo("404 Job Not Found");

            // The whole pipeline succeeds first: GitLab takes the job from the latest successful pipeline.
            finishPipeline(build);
            var latest = download(byRef, Map.of("PRIVATE-TOKEN", owner.token()));
            assertThat(latest.statusCode()).isEqualTo(200);
            assertThat(latest.body()).isEqualTo(zip);
            assertThat(message(get(api(project, "/jobs/artifacts/main/download?job=deploy"), owner.token()), 404))
                    .isEqualTo("404 Job Not Found");
            assertThat(message(get(api(project, "/jobs/artifacts/elsewhere/download?job=build"), owner.token()), 404))
                    .isEqualTo("404 Job Not Found");
            assertThat(get(byRef, newUser(false).token()).statusCode()).isEqualTo(404);
        }

        @Test
        void aMaintainerDeletesAJobsArtifacts() {
            Project project = project();
            JsonNode build = startBuild(project);
            answer(upload(build.get("id").asLong(), build.get("token").asString(), zip), 201);
            String developer = member(project, AccessLevel.DEVELOPER).token();
            assertThat(message(call("DELETE", artifactsOf(project, build), developer, null), 403))
                    .isEqualTo("403 Forbidden");

            String maintainer = member(project, AccessLevel.MAINTAINER).token();
            var deleted = call("DELETE", artifactsOf(project, build), maintainer, null);
            assertThat(deleted.statusCode()).isEqualTo(204);
            assertThat(message(get(artifactsOf(project, build), owner.token()), 404))
                    .isEqualTo("404 Artifacts Not Found");
            assertThat(message(call("DELETE", artifactsOf(project, build), maintainer, null), 404))
                    .isEqualTo("404 Artifacts Not Found");
            JsonNode entity = answer(get(api(project, "/jobs/" + build.get("id").asLong()), owner.token()), 200);
            assertThat(entity.get("artifacts_file").isNull()).isTrue();
            assertThat(entity.get("artifacts").size()).isZero();
        }

        @Test
        void aRunningJobsTokenDownloadsItsOwnProjectsArtifactsAndNothingElse() {
            Project project = project();
            JsonNode build = startBuild(project);
            answer(upload(build.get("id").asLong(), build.get("token").asString(), zip), 201);
            finishPipeline(build);
            // A job of the next pipeline fetches what the last successful one left.
            JsonNode next = startBuild(project);
            String token = next.get("token").asString();
            String artifacts = artifactsOf(project, build);

            var byHeader = download(artifacts, Map.of("JOB-TOKEN", token));
            assertThat(byHeader.statusCode()).isEqualTo(200);
            assertThat(byHeader.body()).isEqualTo(zip);
            var byParameter = download(artifacts + "?job_token=" + token, Map.of());
            assertThat(byParameter.statusCode()).isEqualTo(200);
            assertThat(byParameter.body()).isEqualTo(zip);
            assertThat(text(download(artifacts + "/dist/app.txt", Map.of("JOB-TOKEN", token))))
                    .isEqualTo("built by make\n");
            assertThat(download(api(project, "/jobs/artifacts/main/download?job=build"), Map.of("JOB-TOKEN", token))
                            .body())
                    .isEqualTo(zip);

            // Anywhere else the job token is no credential at all.
            var variables = send("GET", api(project, "/variables"), Map.of("JOB-TOKEN", token), null);
            assertThat(message(variables, 401)).isEqualTo("401 Unauthorized");
            var jobs = send("GET", api(project, "/jobs"), Map.of("JOB-TOKEN", token), null);
            assertThat(message(jobs, 404)).isEqualTo("404 Project Not Found");
            var delete = send("DELETE", artifacts, Map.of("JOB-TOKEN", token), null);
            assertThat(message(delete, 401)).isEqualTo("401 Unauthorized");
            assertThat(download(artifacts, Map.of("PRIVATE-TOKEN", owner.token()))
                            .statusCode())
                    .isEqualTo(200);

            // A running job of another project does not reach this one.
            newPipeline(newProject(owner.user(), "other:\n  tags: [" + tag + "]\n  script: x\n"), owner.user());
            String otherToken = requestJob().get("token").asString();
            var other = send("GET", artifacts, Map.of("JOB-TOKEN", otherToken), null);
            assertThat(message(other, 404)).isEqualTo("404 Project Not Found");

            // Once the job has finished, its token is worth nothing.
            assertThat(finish(next, "success").statusCode()).isEqualTo(200);
            var finished = send("GET", artifacts, Map.of("JOB-TOKEN", token), null);
            assertThat(message(finished, 401)).isEqualTo("401 Unauthorized");
            var unknown = send("GET", artifacts, Map.of("JOB-TOKEN", "glcbt-unknown"), null);
            assertThat(message(unknown, 401)).isEqualTo("401 Unauthorized");
        }

        @Test
        void anUploadNeedsTheTokenOfThatJobWhileItRuns() {
            Project project = project();
            JsonNode build = startBuild(project);
            long id = build.get("id").asLong();
            String token = build.get("token").asString();

            assertThat(message(upload(id, "glcbt-wrong", zip), 403)).isEqualTo("403 Forbidden");
            assertThat(message(upload(id + 1, token, zip), 403)).isEqualTo("403 Forbidden");
            assertThat(message(get(artifactsOf(project, build), owner.token()), 404))
                    .isEqualTo("404 Artifacts Not Found");

            assertThat(finish(build, "success").statusCode()).isEqualTo(200);
            assertThat(message(upload(id, token, zip), 403)).isEqualTo("403 Forbidden");
        }
    }

    @Nested
    class UsersAndTokens {
        private Map<String, Object> newUserBody() {
            String name = "bot" + UUID.randomUUID().toString().substring(0, 8);
            return new HashMap<>(Map.of(
                    "username",
                    name,
                    "name",
                    "Bot " + name,
                    "email",
                    name + "@example.com",
                    "password",
                    "long-password"));
        }

        @Test
        void administratorsCreateUsers() {
            String admin = newUser(true).token();
            Map<String, Object> body = newUserBody();
            JsonNode user = answer(call("POST", "/api/v4/users", admin, body), 201);
            assertThat(user.get("id").asLong()).isPositive();
            assertThat(user.get("username").asString()).isEqualTo(body.get("username"));
            assertThat(user.get("name").asString()).isEqualTo(body.get("name"));
            assertThat(user.get("state").asString()).isEqualTo("active");
            assertThat(user.get("is_admin").asBoolean()).isFalse();
            assertThat(accounts.findUserByUsername((String) body.get("username")))
                    .isPresent();

            assertThat(message(call("POST", "/api/v4/users", newUser(false).token(), newUserBody()), 403))
                    .isEqualTo("403 Forbidden");
            assertThat(message(call("POST", "/api/v4/users", null, newUserBody()), 401))
                    .isEqualTo("401 Unauthorized");
        }

        @Test
        void eachMissingFieldIsNamed() {
            String admin = newUser(true).token();
            for (String field : List.of("username", "name", "email", "password")) {
                Map<String, Object> body = newUserBody();
                body.remove(field);
                assertThat(fieldError(call("POST", "/api/v4/users", admin, body), field))
                        .isEqualTo("is missing");
            }
            assertThat(fieldError(call("POST", "/api/v4/users", admin, Map.of()), "username"))
                    .isEqualTo("is missing");
        }

        @Test
        void administratorsCreateTokensForOthersWithScopesAsAnArrayOrAString() {
            String admin = newUser(true).token();
            Account bot = newUser(false);
            String path = "/api/v4/users/" + bot.user().id() + "/personal_access_tokens";

            JsonNode full = answer(
                    call(
                            "POST",
                            path,
                            admin,
                            Map.of(
                                    "name",
                                    "ci",
                                    "scopes",
                                    List.of("api", "read_repository"),
                                    "expires_at",
                                    "2099-01-31")),
                    201);
            assertThat(full.get("user_id").asLong()).isEqualTo(bot.user().id());
            assertThat(full.get("name").asString()).isEqualTo("ci");
            assertThat(full.get("active").asBoolean()).isTrue();
            assertThat(full.get("expires_at").asString()).isEqualTo("2099-01-31");
            assertThat(strings(full.get("scopes"))).containsExactlyInAnyOrder("api", "read_repository");
            String token = full.get("token").asString();
            assertThat(answer(get("/api/v4/user", token), 200).get("username").asString())
                    .isEqualTo(bot.user().username());

            // python-gitlab sends scopes as one comma-separated string.
            JsonNode readOnly = answer(
                    call("POST", path, admin, Map.of("name", "reader", "scopes", "read_api, read_repository")), 201);
            assertThat(strings(readOnly.get("scopes"))).containsExactlyInAnyOrder("read_api", "read_repository");
            String readToken = readOnly.get("token").asString();
            answer(get("/api/v4/user", readToken), 200);
            assertThat(answer(call("POST", "/api/v4/projects", readToken, Map.of("name", "nope")), 403)
                            .get("error")
                            .asString())
                    .isEqualTo("insufficient_scope");
        }

        @Test
        void tokenRequestsAreCheckedBeforeATokenIsMade() {
            String admin = newUser(true).token();
            Account bot = newUser(false);
            String path = "/api/v4/users/" + bot.user().id() + "/personal_access_tokens";

            assertThat(fieldError(
                            call("POST", path, admin, Map.of("name", "x", "scopes", List.of("api", "sudo"))), "scopes"))
                    .contains("sudo");
            assertThat(fieldError(call("POST", path, admin, Map.of("name", "x", "scopes", "api,everything")), "scopes"))
                    .contains("everything");
            assertThat(fieldError(call("POST", path, admin, Map.of("name", "x")), "scopes"))
                    .isEqualTo("is missing");
            assertThat(fieldError(call("POST", path, admin, Map.of("scopes", List.of("api"))), "name"))
                    .isEqualTo("is missing");
            assertThat(fieldError(
                            call(
                                    "POST",
                                    path,
                                    admin,
                                    Map.of("name", "x", "scopes", List.of("api"), "expires_at", "next week")),
                            "expires_at"))
                    .contains("YYYY-MM-DD");
            assertThat(message(
                            call(
                                    "POST",
                                    "/api/v4/users/999999999/personal_access_tokens",
                                    admin,
                                    Map.of("name", "x", "scopes", List.of("api"))),
                            404))
                    .isEqualTo("404 User Not Found");
            assertThat(message(call("POST", path, bot.token(), Map.of("name", "x", "scopes", List.of("api"))), 403))
                    .isEqualTo("403 Forbidden");
        }

        private static List<String> strings(JsonNode array) {
            List<String> out = new ArrayList<>();
            array.forEach(n -> out.add(n.asString()));
            return out;
        }
    }

    @Nested
    class Members {
        @Test
        void aMaintainerAddsAMemberWhoThenHasThatRole() {
            Account owner = newUser(false);
            Project project = newProject(owner.user(), ONE_JOB);
            String maintainer = member(project, AccessLevel.MAINTAINER).token();
            Account newcomer = newUser(false);
            String pipeline = api(project, "/pipeline?ref=main");
            assertThat(message(call("POST", pipeline, newcomer.token(), null), 404))
                    .isEqualTo("404 Project Not Found");

            JsonNode added = answer(
                    call(
                            "POST",
                            api(project, "/members"),
                            maintainer,
                            Map.of("user_id", newcomer.user().id(), "access_level", 30)),
                    201);
            assertThat(added.get("id").asLong()).isEqualTo(newcomer.user().id());
            assertThat(added.get("username").asString())
                    .isEqualTo(newcomer.user().username());
            assertThat(added.get("access_level").asInt()).isEqualTo(30);
            assertThat(added.get("state").asString()).isEqualTo("active");
            answer(call("POST", pipeline, newcomer.token(), null), 201);
            assertThat(message(get(api(project, "/variables"), newcomer.token()), 403))
                    .isEqualTo("403 Forbidden");
        }

        @Test
        void aMemberIsAddedOnceWithAValidRole() {
            Account owner = newUser(false);
            Project project = newProject(owner.user(), ONE_JOB);
            Account newcomer = newUser(false);
            String members = api(project, "/members");
            answer(
                    call(
                            "POST",
                            members,
                            owner.token(),
                            Map.of("user_id", newcomer.user().id(), "access_level", 20)),
                    201);
            // GitLab answers a second add with 409 and a plain message.
            assertThat(message(
                            call(
                                    "POST",
                                    members,
                                    owner.token(),
                                    Map.of("user_id", newcomer.user().id(), "access_level", 40)),
                            409))
                    .isEqualTo("Member already exists");

            Account would = newUser(false);
            assertThat(fieldError(
                            call(
                                    "POST",
                                    members,
                                    owner.token(),
                                    Map.of("user_id", would.user().id(), "access_level", 35)),
                            "access_level"))
                    .isEqualTo("does not have a valid value");
            assertThat(fieldError(call("POST", members, owner.token(), Map.of("access_level", 30)), "user_id"))
                    .isEqualTo("is missing");
            assertThat(fieldError(
                            call(
                                    "POST",
                                    members,
                                    owner.token(),
                                    Map.of("user_id", would.user().id())),
                            "access_level"))
                    .isEqualTo("is missing");
            assertThat(message(
                            call("POST", members, owner.token(), Map.of("user_id", 999_999_999L, "access_level", 30)),
                            404))
                    .isEqualTo("404 User Not Found");
        }

        @Test
        void developersCannotAddMembers() {
            Account owner = newUser(false);
            Project project = newProject(owner.user(), ONE_JOB);
            String developer = member(project, AccessLevel.DEVELOPER).token();
            Account newcomer = newUser(false);
            var body = Map.of("user_id", newcomer.user().id(), "access_level", 30);
            assertThat(message(call("POST", api(project, "/members"), developer, body), 403))
                    .isEqualTo("403 Forbidden");
            assertThat(message(
                            call(
                                    "POST",
                                    api(project, "/members"),
                                    newUser(false).token(),
                                    body),
                            404))
                    .isEqualTo("404 Project Not Found");
            assertThat(message(call("POST", api(project, "/members"), newcomer.token(), body), 404))
                    .isEqualTo("404 Project Not Found");
        }
    }
}
