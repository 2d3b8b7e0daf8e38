package dev.porthole.server.restapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porthole.server.account.TokenScope;
import dev.porthole.server.app.ServerTestSupport;
import dev.porthole.server.project.AccessLevel;
import dev.porthole.server.project.Project;
import dev.porthole.server.project.ProjectStore;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** GitLab's REST API as scripts and python-gitlab use it. */
class RestApiTest extends ServerTestSupport {
    @Autowired
    ProjectStore projectStore;

    private Account member(Project project, AccessLevel level) {
        Account account = newUser(false);
        projectStore.addMember(project.id(), account.user().id(), level, Instant.now());
        return account;
    }

    @Nested
    class Projects {
        @Test
        void aProjectIsFoundByIdAndByEncodedPathWithExactlyApplicationJson() {
            Account owner = newUser(false);
            Project project = newProject(owner.user(), "job:\n  script: x\n");
            var byPath = get("/api/v4/projects/" + project.namespacePath() + "%2F" + project.path(), owner.token());
            assertThat(byPath.statusCode()).isEqualTo(200);
            assertThat(header(byPath, "Content-Type")).containsExactly("application/json");
            assertThat(json(byPath).get("id").asLong()).isEqualTo(project.id());
            assertThat(json(byPath).get("path_with_namespace").asString()).isEqualTo(project.fullPath());
            assertThat(json(byPath).get("http_url_to_repo").asString()).endsWith("/" + project.fullPath() + ".git");
            var byId = get("/api/v4/projects/" + project.id(), owner.token());
            assertThat(json(byId).get("visibility").asString()).isEqualTo("private");
        }

        @Test
        void creatingAProjectNeedsANameAndAFreePath() {
            Account owner = newUser(false);
            var created = postJson(
                    "/api/v4/projects",
                    Map.of("name", "My App", "initialize_with_readme", true),
                    Map.of("PRIVATE-TOKEN", owner.token()));
            assertThat(created.statusCode()).isEqualTo(201);
            assertThat(json(created).get("path").asString()).isEqualTo("My-App");
            assertThat(json(created).get("default_branch").asString()).isEqualTo("main");

            var again = postJson("/api/v4/projects", Map.of("name", "My App"), Map.of("PRIVATE-TOKEN", owner.token()));
            assertThat(again.statusCode()).isEqualTo(400);
            assertThat(json(again).get("message").get("base").get(0).asString()).contains("already been taken");

            var nameless = postJson("/api/v4/projects", Map.of(), Map.of("PRIVATE-TOKEN", owner.token()));
            assertThat(nameless.statusCode()).isEqualTo(400);
            assertThat(json(nameless).get("message").get("name").get(0).asString())
                    .isEqualTo("can't be blank");
        }

        @Test
        void anonymousCallersCannotCreateProjects() {
            assertThat(postJson("/api/v4/projects", Map.of("name", "x"), Map.of())
                            .statusCode())
                    .isEqualTo(401);
        }

        @Test
        void malformedJsonIsABadRequestThatSaysSo() {
            Account owner = newUser(false);
            var response = send(
                    "POST",
                    "/api/v4/projects",
                    Map.of("PRIVATE-TOKEN", owner.token(), "Content-Type", "application/json"),
                    "{\"name\": ");
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(json(response).get("error").asString()).contains("not valid JSON");
        }
    }

    @Nested
    class Permissions {
        @Test
        void aPrivateProjectDoesNotExistForOutsiders() {
            Account owner = newUser(false);
            Project project = newProject(owner.user(), "job:\n  script: x\n");
            assertThat(get("/api/v4/projects/" + project.id(), null).statusCode())
                    .isEqualTo(404);
            var outsider =
                    get("/api/v4/projects/" + project.id(), newUser(false).token());
            assertThat(outsider.statusCode()).isEqualTo(404);
            assertThat(json(outsider).get("message").asString()).isEqualTo("404 Project Not Found");
        }

        @Test
        void aBadTokenIsUnauthorized() {
            var response = get("/api/v4/user", "glpat-not-a-token");
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(json(response).get("message").asString()).isEqualTo("401 Unauthorized");
        }

        @Test
        void guestsSeeTheProjectButNotItsPipelinesReportersReadDevelopersRun() {
            Account owner = newUser(false);
            Project project = newProject(owner.user(), "job:\n  script: x\n");
            long pipeline = newPipeline(project, owner.user()).id();
            String pipelines = "/api/v4/projects/" + project.id() + "/pipelines/" + pipeline;
            String create = "/api/v4/projects/" + project.id() + "/pipeline?ref=main";

            Account guest = member(project, AccessLevel.GUEST);
            assertThat(get("/api/v4/projects/" + project.id(), guest.token()).statusCode())
                    .isEqualTo(200);
            assertThat(get(pipelines, guest.token()).statusCode()).isEqualTo(403);

            Account reporter = member(project, AccessLevel.REPORTER);
            assertThat(get(pipelines, reporter.token()).statusCode()).isEqualTo(200);
            assertThat(send("POST", create, Map.of("PRIVATE-TOKEN", reporter.token()), null)
                            .statusCode())
                    .isEqualTo(403);

            Account developer = member(project, AccessLevel.DEVELOPER);
            assertThat(send("POST", create, Map.of("PRIVATE-TOKEN", developer.token()), null)
                            .statusCode())
                    .isEqualTo(201);
        }

        @Test
        void aReadOnlyTokenMayReadButNotWrite() {
            Account owner = newUser(false);
            String readOnly = accounts.createToken(owner.user().id(), "ro", Set.of(TokenScope.READ_API), null);
            assertThat(get("/api/v4/user", readOnly).statusCode()).isEqualTo(200);
            var write = postJson("/api/v4/projects", Map.of("name", "x"), Map.of("PRIVATE-TOKEN", readOnly));
            assertThat(write.statusCode()).isEqualTo(403);
            assertThat(json(write).get("error").asString()).isEqualTo("insufficient_scope");
        }

        @Test
        void bearerAndQueryParameterTokensWorkToo() {
            Account owner = newUser(false);
            assertThat(send("GET", "/api/v4/user", Map.of("Authorization", "Bearer " + owner.token()), null)
                            .statusCode())
                    .isEqualTo(200);
            assertThat(get("/api/v4/user?private_token=" + owner.token(), null).statusCode())
                    .isEqualTo(200);
        }
    }

    @Nested
    class Pipelines {
        @Test
        void creatingAPipelineRunsTheConfigurationAtTheRef() {
            Account owner = newUser(false);
            Project project = newProject(owner.user(), "build:\n  stage: build\n  script: x\ntest:\n  script: y\n");
            var created = postJson(
                    "/api/v4/projects/" + project.id() + "/pipeline",
                    Map.of("ref", "main"),
                    Map.of("PRIVATE-TOKEN", owner.token()));
            assertThat(created.statusCode()).isEqualTo(201);
            assertThat(json(created).get("status").asString()).isEqualTo("pending");
            assertThat(json(created).get("ref").asString()).isEqualTo("main");
            assertThat(json(created).get("web_url").asString()).contains("/-/pipelines/");
            long id = json(created).get("id").asLong();

            var jobs = get("/api/v4/projects/" + project.id() + "/pipelines/" + id + "/jobs", owner.token());
            assertThat(json(jobs).size()).isEqualTo(2);
            var pending = get(
                    "/api/v4/projects/" + project.id() + "/pipelines/" + id + "/jobs?scope%5B%5D=pending",
                    owner.token());
            assertThat(json(pending).size()).isEqualTo(1);
            assertThat(json(pending).get(0).get("name").asString()).isEqualTo("build");
            assertThat(json(pending).get(0).get("pipeline").get("id").asLong()).isEqualTo(id);
            assertThat(get(
                                    "/api/v4/projects/" + project.id() + "/pipelines/" + id + "/jobs?scope%5B%5D=bogus",
                                    owner.token())
                            .statusCode())
                    .isEqualTo(400);
        }

        @Test
        void anUnknownRefOrAMissingConfigurationIsABadRequest() {
            Account owner = newUser(false);
            Project project = newProject(owner.user(), "job:\n  script: x\n");
            var unknown = send(
                    "POST",
                    "/api/v4/projects/" + project.id() + "/pipeline?ref=nope",
                    Map.of("PRIVATE-TOKEN", owner.token()),
                    null);
            assertThat(unknown.statusCode()).isEqualTo(400);
            assertThat(json(unknown).get("message").get("base").get(0).asString())
                    .isEqualTo("Reference not found");
        }

        @Test
        void anInvalidConfigurationIsABadRequestNamingTheProblem() {
            Account owner = newUser(false);
            Project project = newProject(owner.user(), "job:\n  script: x\n  when: sometimes\n");
            var response = send(
                    "POST",
                    "/api/v4/projects/" + project.id() + "/pipeline?ref=main",
                    Map.of("PRIVATE-TOKEN", owner.token()),
                    null);
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(json(response).get("message").get("base").get(0).asString())
                    .contains("jobs:job:when")
                    .contains("sometimes")
                    .contains("line 3");
        }

        @Test
        void listsArePaginatedTheWayGitLabDoesIt() {
            Account owner = newUser(false);
            Project project = newProject(owner.user(), "job:\n  script: x\n");
            for (int i = 0; i < 3; i++) {
                newPipeline(project, owner.user());
            }
            var page = get("/api/v4/projects/" + project.id() + "/pipelines?per_page=2", owner.token());
            assertThat(json(page).size()).isEqualTo(2);
            assertThat(header(page, "X-Total")).containsExactly("3");
            assertThat(header(page, "X-Total-Pages")).containsExactly("2");
            assertThat(header(page, "X-Page")).containsExactly("1");
            assertThat(header(page, "X-Per-Page")).containsExactly("2");
            assertThat(header(page, "X-Next-Page")).containsExactly("2");
            assertThat(header(page, "Link").get(0)).contains("page=2").contains("rel=\"next\"");
            var last = get("/api/v4/projects/" + project.id() + "/pipelines?per_page=2&page=2", owner.token());
            assertThat(json(last).size()).isEqualTo(1);
            assertThat(header(last, "X-Next-Page")).containsExactly("");
        }
    }

    @Nested
    class Jobs {
        @Test
        void aManualJobIsPlayedAndAFinishedOneCannotBeRetriedTwice() {
            Account owner = newUser(false);
            Project project = newProject(owner.user(), "gate:\n  script: x\n  when: manual\n");
            long pipeline = newPipeline(project, owner.user()).id();
            long job = json(get("/api/v4/projects/" + project.id() + "/pipelines/" + pipeline + "/jobs", owner.token()))
                    .get(0)
                    .get("id")
                    .asLong();
            String base = "/api/v4/projects/" + project.id() + "/jobs/" + job;
            assertThat(json(get(base, owner.token())).get("status").asString()).isEqualTo("manual");
            assertThat(send("POST", base + "/retry", Map.of("PRIVATE-TOKEN", owner.token()), null)
                            .statusCode())
                    .isEqualTo(403);
            var played = send("POST", base + "/play", Map.of("PRIVATE-TOKEN", owner.token()), null);
            assertThat(played.statusCode()).isEqualTo(200);
            assertThat(json(played).get("status").asString()).isEqualTo("pending");
            var canceled = send("POST", base + "/cancel", Map.of("PRIVATE-TOKEN", owner.token()), null);
            assertThat(json(canceled).get("status").asString()).isEqualTo("canceled");
            var retried = send("POST", base + "/retry", Map.of("PRIVATE-TOKEN", owner.token()), null);
            assertThat(retried.statusCode()).isEqualTo(201);
            assertThat(json(retried).get("id").asLong()).isNotEqualTo(job);
            assertThat(json(retried).get("user").get("username").asString())
                    .isEqualTo(owner.user().username());
            assertThat(send("POST", base + "/retry", Map.of("PRIVATE-TOKEN", owner.token()), null)
                            .statusCode())
                    .isEqualTo(403);
        }

        @Test
        void aJobOfAnotherProjectIsNotFound() {
            Account owner = newUser(false);
            Project mine = newProject(owner.user(), "job:\n  script: x\n");
            Project other = newProject(owner.user(), "job:\n  script: x\n");
            long pipeline = newPipeline(other, owner.user()).id();
            long job = json(get("/api/v4/projects/" + other.id() + "/pipelines/" + pipeline + "/jobs", owner.token()))
                    .get(0)
                    .get("id")
                    .asLong();
            assertThat(get("/api/v4/projects/" + mine.id() + "/jobs/" + job, owner.token())
                            .statusCode())
                    .isEqualTo(404);
        }
    }

    @Nested
    class Runners {
        @Test
        void onlyAdministratorsCreateRunners() {
            var body = Map.of("runner_type", "instance_type", "description", "r", "tag_list", "a,b");
            assertThat(postJson(
                                    "/api/v4/user/runners",
                                    body,
                                    Map.of("PRIVATE-TOKEN", newUser(false).token()))
                            .statusCode())
                    .isEqualTo(403);
            var created = postJson(
                    "/api/v4/user/runners",
                    body,
                    Map.of("PRIVATE-TOKEN", newUser(true).token()));
            assertThat(created.statusCode()).isEqualTo(201);
            assertThat(json(created).get("token").asString()).startsWith("glrt-");
            var all = get("/api/v4/runners/all", newUser(true).token());
            assertThat(all.statusCode()).isEqualTo(200);
            assertThat(json(all).size()).isPositive();
            assertThat(get("/api/v4/runners/all", newUser(false).token()).statusCode())
                    .isEqualTo(403);
        }

        @Test
        void onlyInstanceRunnersExistSoFar() {
            var response = postJson(
                    "/api/v4/user/runners",
                    Map.of("runner_type", "project_type"),
                    Map.of("PRIVATE-TOKEN", newUser(true).token()));
            assertThat(response.statusCode()).isEqualTo(400);
        }
    }
}
