package dev.porthole.server.app;

import dev.porthole.server.account.AccountService;
import dev.porthole.server.account.TokenScope;
import dev.porthole.server.account.User;
import dev.porthole.server.pipeline.Pipeline;
import dev.porthole.server.project.Project;
import dev.porthole.server.project.ProjectService;
import dev.porthole.server.project.Visibility;
import dev.porthole.server.repository.RepositoryStorage;
import dev.porthole.server.runner.RunnerService;
import dev.porthole.server.trigger.PipelineTrigger;
import dev.porthole.server.trigger.TriggerResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eclipse.jgit.lib.PersonIdent;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real server on a random port with an in-memory database, shared by the test classes that extend this (Spring
 * caches the context), and helpers that speak HTTP to it the way runners and scripts do.
 */
@SpringBootTest(
        classes = PortholeServer.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.url=jdbc:h2:mem:server-tests;DB_CLOSE_DELAY=-1",
            "porthole.runner-api.long-poll-timeout=5s",
            "porthole.runner-api.trace-max-size=1000",
            // Every watch of an open terminal re-checks who may debug, not every fifth minute.
            "porthole.terminal.permission-check-interval=10s",
            "logging.level.root=WARN"
        })
public abstract class ServerTestSupport {
    private static final Path DATA = temporaryDataDir();
    protected static final JsonMapper JSON = JsonMapper.builder().build();
    protected static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @LocalServerPort
    protected int port;

    @Autowired
    protected AccountService accounts;

    @Autowired
    protected ProjectService projects;

    @Autowired
    protected RepositoryStorage repositories;

    @Autowired
    protected PipelineTrigger trigger;

    @Autowired
    protected RunnerService runners;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("porthole.data-dir", DATA::toString);
    }

    private static Path temporaryDataDir() {
        try {
            return Files.createTempDirectory("porthole-server-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** A new user with an api token; returns the token. */
    protected record Account(User user, String token) {}

    protected Account newUser(boolean admin) {
        String name = "user" + UUID.randomUUID().toString().substring(0, 8);
        User user = accounts.createUser(name, name, name + "@example.com", "password-" + name, admin);
        return new Account(user, accounts.createToken(user.id(), "test", Set.of(TokenScope.API), null));
    }

    /** A web visitor signed in as this account (whose password {@link #newUser} set). */
    protected WebSession signedIn(Account account) {
        var session = new WebSession(url(""));
        var answer = session.signIn(
                account.user().username(), "password-" + account.user().username());
        if (answer.statusCode() != 302
                || answer.headers().firstValue("Location").orElse("").contains("sign_in")) {
            throw new AssertionError("sign-in failed: " + answer.statusCode() + " "
                    + answer.headers().map());
        }
        // Signing in rotates the CSRF token; a page view picks up the new one, as in a browser.
        session.get("/");
        return session;
    }

    protected WebSession anonymousVisitor() {
        return new WebSession(url(""));
    }

    protected Project newProject(User owner, String yaml) {
        Project project = projects.create(
                owner, "app-" + UUID.randomUUID().toString().substring(0, 8), null, "", Visibility.PRIVATE);
        repositories.commit(
                project.id(),
                "main",
                Map.of(".gitlab-ci.yml", yaml.getBytes(StandardCharsets.UTF_8)),
                "Add CI",
                new PersonIdent(owner.name(), owner.email()));
        return project;
    }

    protected Pipeline newPipeline(Project project, User user) {
        var result = trigger.forRef(project, "main", "api", user.id(), List.of());
        if (!(result instanceof TriggerResult.Created created)) {
            throw new AssertionError("no pipeline: " + result);
        }
        return created.pipeline();
    }

    protected HttpResponse<String> send(String method, String path, Map<String, String> headers, String body) {
        var builder = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30));
        headers.forEach(builder::header);
        builder.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected HttpResponse<String> postJson(String path, Object body, Map<String, String> headers) {
        var all = new HashMap<>(headers);
        all.put("Content-Type", "application/json");
        return send("POST", path, all, JSON.writeValueAsString(body));
    }

    protected HttpResponse<String> get(String path, String token) {
        return send("GET", path, token == null ? Map.of() : Map.of("PRIVATE-TOKEN", token), null);
    }

    protected static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    protected static List<String> header(HttpResponse<?> response, String name) {
        return response.headers().allValues(name);
    }
}
