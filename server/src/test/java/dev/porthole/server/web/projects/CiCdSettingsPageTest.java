package dev.porthole.server.web.projects;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porthole.server.app.WebSession;
import dev.porthole.server.project.AccessLevel;
import dev.porthole.server.project.Project;
import dev.porthole.server.runner.RunnerService.RunnerOptions;
import dev.porthole.server.variable.ProjectVariable;
import dev.porthole.server.variable.ProjectVariableService;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class CiCdSettingsPageTest extends ProjectPagesTestSupport {
    private static final String YAML = "build:\n  script: [\"echo hi\"]\n";

    @Autowired
    ProjectVariableService variables;

    private static String settings(Project project) {
        return base(project) + "/-/settings/ci_cd";
    }

    private static Map<String, String> variable(String key, String value, boolean masked) {
        var form = new HashMap<String, String>();
        form.put("variable[key]", key);
        form.put("variable[value]", value);
        form.put("variable[variable_type]", "env_var");
        form.put("variable[expand]", "1");
        if (masked) {
            form.put("variable[masked]", "1");
        }
        return form;
    }

    private WebSession maintainerOf(Project project) {
        WebSession session = signedIn(member(project, AccessLevel.MAINTAINER));
        session.get(settings(project));
        return session;
    }

    @Test
    void theSettingsAreForMaintainersAndHideMaskedValues() {
        Account owner = newUser(false);
        Project project = newProject(owner.user(), YAML);
        variables.create(
                project.id(),
                new ProjectVariable("DEPLOY_TOKEN", "very-secret-value", "env_var", true, true, false, "*", null));
        variables.create(
                project.id(), new ProjectVariable("REGION", "eu-west", "env_var", false, false, false, "*", null));
        assertRedirectsToSignIn(anonymousVisitor().get(settings(project)));
        assertThat(signedIn(newUser(false)).get(settings(project)).statusCode()).isEqualTo(404);
        assertThat(signedIn(member(project, AccessLevel.DEVELOPER))
                        .get(settings(project))
                        .statusCode())
                .isEqualTo(403);

        var answer = signedIn(member(project, AccessLevel.MAINTAINER)).get(settings(project));
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body())
                .contains("data-key=\"DEPLOY_TOKEN\"")
                .contains("data-testid=\"masked-value\"")
                .doesNotContain("very-secret-value")
                .contains("eu-west");
        // Editing a masked variable does not send its value back either.
        assertThat(signedIn(owner).get(settings(project) + "?edit=DEPLOY_TOKEN").body())
                .contains("Edit variable DEPLOY_TOKEN")
                .doesNotContain("very-secret-value");
        assertThat(signedIn(owner).get(settings(project) + "?edit=NOPE").statusCode())
                .isEqualTo(404);
    }

    @Test
    void aMaintainerAddsEditsAndDeletesVariables() {
        Account owner = newUser(false);
        Project project = newProject(owner.user(), YAML);
        var session = maintainerOf(project);

        assertRedirectsTo(
                session.post(settings(project) + "/variables", variable("API_KEY", "abcdefgh12345", true)),
                settings(project));
        ProjectVariable created = variables.find(project.id(), "API_KEY").orElseThrow();
        assertThat(created.masked()).isTrue();
        assertThat(created.raw()).isFalse();
        assertThat(session.get(settings(project)).body()).contains("Variable API_KEY was added.");

        // An empty value keeps the masked value; the flags change.
        var keep = variable("API_KEY", "", true);
        keep.put("variable[protected]", "1");
        assertRedirectsTo(session.post(settings(project) + "/variables/API_KEY", keep), settings(project));
        ProjectVariable kept = variables.find(project.id(), "API_KEY").orElseThrow();
        assertThat(kept.value()).isEqualTo("abcdefgh12345");
        assertThat(kept.protectedOnly()).isTrue();

        session.get(settings(project));
        assertRedirectsTo(
                session.post(settings(project) + "/variables/API_KEY", variable("API_KEY", "new-value-987654", false)),
                settings(project));
        assertThat(variables.find(project.id(), "API_KEY").orElseThrow().value())
                .isEqualTo("new-value-987654");

        session.get(settings(project));
        assertRedirectsTo(session.post(settings(project) + "/variables/API_KEY/delete", Map.of()), settings(project));
        assertThat(variables.find(project.id(), "API_KEY")).isEmpty();
        assertThat(session.post(settings(project) + "/variables/API_KEY/delete", Map.of())
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void invalidVariablesAreExplainedInTheFormAndNotSaved() {
        Account owner = newUser(false);
        Project project = newProject(owner.user(), YAML);
        var session = maintainerOf(project);

        var badKey = session.post(settings(project) + "/variables", variable("BAD KEY", "value", false));
        assertThat(badKey.statusCode()).isEqualTo(422);
        assertThat(badKey.body()).contains("Key can contain only letters, digits and '_'.");

        var shortMasked = session.post(settings(project) + "/variables", variable("SHORT", "abc", true));
        assertThat(shortMasked.statusCode()).isEqualTo(422);
        assertThat(shortMasked.body())
                .contains("data-testid=\"value-error\"")
                .contains("Value cannot be masked")
                .contains("value=\"SHORT\"");

        var twoLines = session.post(settings(project) + "/variables", variable("LINES", "abcdefgh\nijklmnop", true));
        assertThat(twoLines.statusCode()).isEqualTo(422);

        variables.create(project.id(), new ProjectVariable("TAKEN", "x", "env_var", false, false, false, "*", null));
        var taken = session.post(settings(project) + "/variables", variable("TAKEN", "y", false));
        assertThat(taken.statusCode()).isEqualTo(422);
        assertThat(taken.body()).contains("has already been taken");

        assertThat(variables.list(project.id()))
                .extracting(ProjectVariable::key)
                .containsExactly("TAKEN");
        assertThat(variables.find(project.id(), "TAKEN").orElseThrow().value()).isEqualTo("x");
    }

    @Test
    void developersAndForgedFormsChangeNoVariable() {
        Account owner = newUser(false);
        Project project = newProject(owner.user(), YAML);
        var developer = signedIn(member(project, AccessLevel.DEVELOPER));
        developer.get(base(project));
        assertThat(developer
                        .post(settings(project) + "/variables", variable("SNEAKY", "value", false))
                        .statusCode())
                .isEqualTo(403);
        assertThat(signedIn(owner)
                        .postRaw(settings(project) + "/variables", variable("SNEAKY", "value", false))
                        .statusCode())
                .isEqualTo(403);
        assertThat(variables.list(project.id())).isEmpty();
    }

    @Test
    void theRunnersOfTheInstanceAreListedWithTheirStatusAndTags() {
        Account owner = newUser(false);
        Project project = newProject(owner.user(), YAML);
        String description = "runner " + UUID.randomUUID();
        runners.createByAdmin(
                new RunnerOptions(description, List.of("docker", "linux"), true, false, false, null),
                owner.user().id());
        var body = signedIn(owner).get(settings(project)).body();
        assertThat(body)
                .contains(description)
                .contains("never contacted")
                .contains(">docker</span>")
                .contains(">linux</span>");
    }
}
