package dev.porthole.e2e;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Porthole's REST API as a script uses it: a token, JSON in and out. */
public final class Api {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> FINISHED = Set.of("success", "failed", "canceled", "skipped");

    private final String baseUrl;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    public Api(String baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.token = token;
    }

    /** An answer: status and body. */
    public record Response(int status, String body, HttpHeaders headers) {
        public JsonNode json() {
            return JSON.readTree(body);
        }
    }

    public Response request(String method, String path, Object body) {
        var builder = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v4" + path))
                .timeout(Duration.ofSeconds(30))
                .header("PRIVATE-TOKEN", token);
        if (body != null) {
            builder.header("Content-Type", "application/json");
        }
        builder.method(
                method,
                body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        try {
            var response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), response.headers());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A 2xx answer's JSON, or an error saying what came instead. */
    public JsonNode ok(String method, String path, Object body) {
        Response response = request(method, path, body);
        if (response.status() / 100 != 2) {
            throw new IllegalStateException(
                    method + " " + path + " answered " + response.status() + ": " + response.body());
        }
        return response.json();
    }

    public JsonNode get(String path) {
        return ok("GET", path, null);
    }

    public JsonNode post(String path, Object body) {
        return ok("POST", path, body);
    }

    public JsonNode createProject(String name) {
        return post("/projects", Map.of("name", name));
    }

    /**
     * A project created with a random name, with this {@code .gitlab-ci.yml} pushed to it by the real git command as
     * this API's user (the token as password), and the pipeline the push started.
     */
    public PushedProject pushNewProject(String yaml) {
        PushedProject pushed = pushNewProject(Map.of(".gitlab-ci.yml", yaml));
        long pipeline = awaitNewPipeline(pushed.id(), 0, Duration.ofSeconds(30));
        return new PushedProject(pushed.id(), pushed.path(), pipeline, pushed.sha(), pushed.pushOutput());
    }

    /**
     * A project created with a random name and these files pushed to it, without waiting for a pipeline (for
     * configurations whose {@code workflow: rules} make none on a push): the pipeline is 0.
     */
    public PushedProject pushNewProject(Map<String, String> files) {
        JsonNode project = createProject("p-" + UUID.randomUUID().toString().substring(0, 8));
        long id = project.get("id").asLong();
        var tree = GitWorkTree.init(
                baseUrl,
                project.get("path_with_namespace").asString(),
                get("/user").get("username").asString(),
                token);
        files.forEach(tree::write);
        String sha = tree.commit("Add the pipeline");
        String output = tree.push();
        return new PushedProject(id, project.get("path_with_namespace").asString(), 0, sha, output);
    }

    /** A new personal access token (scope api) of the user with this id; the API caller must be an admin. */
    public String tokenFor(long userId) {
        return post("/users/" + userId + "/personal_access_tokens", Map.of("name", "e2e", "scopes", List.of("api")))
                .get("token")
                .asString();
    }

    /** A new user with this password (the API caller must be an admin); returns the user's id. */
    public long createUser(String username, String password, boolean admin) {
        return post(
                        "/users",
                        Map.of(
                                "username", username,
                                "name", username,
                                "email", username + "@example.com",
                                "password", password,
                                "admin", admin,
                                "skip_confirmation", true))
                .path("id")
                .asLong();
    }

    public String token() {
        return token;
    }

    /** A project made by {@link #pushNewProject}: its id and path, the pipeline, the commit, what git printed. */
    public record PushedProject(long id, String path, long pipeline, String sha, String pushOutput) {
        /** The id of the pipeline's only (or first) job. */
        public long firstJob(Api api) {
            return api.jobs(id, pipeline).get(0).get("id").asLong();
        }
    }

    /** A new instance runner; returns its {@code glrt-} token. */
    public String createRunner(String description, List<String> tags) {
        return post(
                        "/user/runners",
                        Map.of(
                                "runner_type",
                                "instance_type",
                                "description",
                                description,
                                "tag_list",
                                tags,
                                "run_untagged",
                                true))
                .get("token")
                .asString();
    }

    public static String encode(String path) {
        return URLEncoder.encode(path, StandardCharsets.UTF_8);
    }

    public JsonNode pipelines(long projectId) {
        return get("/projects/" + projectId + "/pipelines");
    }

    public JsonNode pipeline(long projectId, long pipelineId) {
        return get("/projects/" + projectId + "/pipelines/" + pipelineId);
    }

    public List<JsonNode> jobs(long projectId, long pipelineId) {
        List<JsonNode> jobs = new ArrayList<>();
        get("/projects/" + projectId + "/pipelines/" + pipelineId + "/jobs?per_page=100")
                .forEach(jobs::add);
        return jobs;
    }

    public JsonNode job(long projectId, long jobId) {
        return get("/projects/" + projectId + "/jobs/" + jobId);
    }

    public JsonNode job(long projectId, long pipelineId, String name) {
        return jobs(projectId, pipelineId).stream()
                .filter(j -> j.get("name").asString().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("pipeline " + pipelineId + " has no job " + name));
    }

    public String trace(long projectId, long jobId) {
        return request("GET", "/projects/" + projectId + "/jobs/" + jobId + "/trace", null)
                .body();
    }

    /** Waits for the project's newest pipeline, created after {@code afterId}, and returns its id. */
    public long awaitNewPipeline(long projectId, long afterId, Duration within) {
        return await("a pipeline of project " + projectId)
                .atMost(within)
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> {
                            JsonNode list = pipelines(projectId);
                            return list.isEmpty() ? 0L : list.get(0).get("id").asLong();
                        },
                        id -> id > afterId);
    }

    /** Waits until the pipeline finishes and returns its final state. */
    public JsonNode awaitPipeline(long projectId, long pipelineId, Duration within) {
        return await("pipeline " + pipelineId + " finished")
                .atMost(within)
                .pollInterval(Duration.ofMillis(250))
                .until(
                        () -> pipeline(projectId, pipelineId),
                        p -> FINISHED.contains(p.get("status").asString()));
    }

    /** Waits until the job has the status. */
    public JsonNode awaitJob(long projectId, long jobId, String status, Duration within) {
        return await("job " + jobId + " " + status)
                .atMost(within)
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> job(projectId, jobId),
                        j -> j.get("status").asString().equals(status));
    }

    /** Waits until the job's log contains the text, and returns the log. */
    public String awaitTrace(long projectId, long jobId, String text, Duration within) {
        return await("job " + jobId + "'s log showing '" + text + "'")
                .atMost(within)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> trace(projectId, jobId), log -> log.contains(text));
    }
}
