package dev.porthole.server.web.projects;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porthole.server.project.Project;
import dev.porthole.server.project.Visibility;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NewProjectPageTest extends ProjectPagesTestSupport {

    private static Map<String, String> form(String name, String path, String visibility, boolean readme) {
        var form = new HashMap<String, String>();
        form.put("project[name]", name);
        form.put("project[path]", path);
        form.put("project[description]", "What it is for");
        form.put("project[visibility]", visibility);
        if (readme) {
            form.put("project[initialize_with_readme]", "1");
        }
        return form;
    }

    @Test
    void anonymousVisitorsAreSentToSignIn() {
        assertRedirectsToSignIn(anonymousVisitor().get("/projects/new"));
    }

    @Test
    void theFormOffersNamePathDescriptionVisibilityAndReadme() {
        var answer = signedIn(newUser(false)).get("/projects/new");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body())
                .contains("name=\"project[name]\"")
                .contains("name=\"project[path]\"")
                .contains("name=\"project[description]\"")
                .contains("value=\"private\" checked")
                .contains("value=\"internal\"")
                .contains("value=\"public\"")
                .contains("The project can be accessed without any authentication.")
                .contains("Initialize repository with a README");
    }

    @Test
    void creatingWithAReadmeMakesTheProjectAndItsFirstCommit() {
        Account owner = newUser(false);
        var session = signedIn(owner);
        session.get("/projects/new");
        var answer = session.post("/projects", form("My App", "my-app", "internal", true));

        String path = owner.user().username() + "/my-app";
        assertRedirectsTo(answer, "/" + path);
        Project project =
                projectStore.findByPath(owner.user().username(), "my-app").orElseThrow();
        assertThat(project.name()).isEqualTo("My App");
        assertThat(project.description()).isEqualTo("What it is for");
        assertThat(project.visibility()).isEqualTo(Visibility.INTERNAL);
        String head = repositories.resolve(project.id(), "refs/heads/main").orElseThrow();
        assertThat(new String(
                        repositories.readFile(project.id(), head, "README.md").orElseThrow(), StandardCharsets.UTF_8))
                .startsWith("# My App");

        var overview = session.get("/" + path);
        assertThat(overview.body())
                .contains("Project 'My App' was successfully created.")
                .contains("data-testid=\"readme\"")
                .contains("data-testid=\"no-ci-config\"");
    }

    @Test
    void withoutAReadmeTheRepositoryStaysEmpty() {
        Account owner = newUser(false);
        var session = signedIn(owner);
        var answer = session.post("/projects", form("Bare", "", "private", false));
        assertRedirectsTo(answer, "/" + owner.user().username() + "/Bare");
        Project project =
                projectStore.findByPath(owner.user().username(), "Bare").orElseThrow();
        assertThat(repositories.isEmpty(project.id())).isTrue();
        assertThat(session.get("/" + project.fullPath()).body()).contains("data-testid=\"empty-repository\"");
    }

    @Test
    void aBadPathIsShownInTheFormAndCreatesNothing() {
        Account owner = newUser(false);
        var session = signedIn(owner);
        var answer = session.post("/projects", form("Bad", "-bad path", "private", true));
        assertThat(answer.statusCode()).isEqualTo(422);
        assertThat(answer.body())
                .contains("data-testid=\"form-errors\"")
                .contains("may hold only letters, digits")
                .contains("value=\"-bad path\"")
                .contains("value=\"Bad\"");
        assertThat(projectStore.all())
                .noneMatch(p -> p.namespacePath().equals(owner.user().username()));
    }

    @Test
    void aTakenPathIsShownInTheFormAndCreatesNothing() {
        Account owner = newUser(false);
        var session = signedIn(owner);
        assertRedirectsTo(
                session.post("/projects", form("First", "app", "private", false)),
                "/" + owner.user().username() + "/app");
        int before = projectStore.all().size();

        var answer = session.post("/projects", form("Second", "APP", "public", false));
        assertThat(answer.statusCode()).isEqualTo(422);
        assertThat(answer.body()).contains("has already been taken");
        assertThat(projectStore.all()).hasSize(before);
    }

    @Test
    void aBlankNameOrAnUnknownVisibilityIsRefused() {
        Account owner = newUser(false);
        var session = signedIn(owner);
        var blank = session.post("/projects", form("  ", "x", "private", false));
        assertThat(blank.statusCode()).isEqualTo(422);
        assertThat(blank.body()).contains("Name can't be blank.");

        var secret = session.post("/projects", form("Name", "x", "secret", false));
        assertThat(secret.statusCode()).isEqualTo(422);
        assertThat(secret.body()).contains("Visibility must be private, internal or public.");
        assertThat(projectStore.all())
                .noneMatch(p -> p.namespacePath().equals(owner.user().username()));
    }

    @Test
    void aFormWithoutTheCsrfTokenIsRefused() {
        Account owner = newUser(false);
        var answer = signedIn(owner).postRaw("/projects", form("Forged", "forged", "private", false));
        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(projectStore.findByPath(owner.user().username(), "forged")).isEmpty();
    }
}
