package dev.porthole.server.web.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porthole.server.pipeline.Job;
import dev.porthole.server.project.AccessLevel;
import dev.porthole.server.project.Project;
import dev.porthole.server.terminal.JobSession;
import dev.porthole.server.terminal.JobSessionStore;
import dev.porthole.server.web.jobs.PagesWithRunner;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The terminal page answers the same people as its websocket: the user who started the job. Everyone else who can
 * see the job gets a 403, who cannot see it a 404, and anonymous visitors sign in first. For a job without a
 * terminal now, its owner gets a page that says why and leads back to the job.
 */
class TerminalPageTest extends PagesWithRunner {
    @Autowired
    JobSessionStore sessions;

    private Project project;
    private Account maintainer;
    private Account admin;

    @BeforeEach
    void aProjectWithARunningJob() {
        cast();
        project = project("job:\n  tags: [TAG]\n  script: [sleep 600]\n");
        maintainer = newUser(false);
        admin = newUser(true);
        projects.addMember(project, maintainer.user(), AccessLevel.MAINTAINER);
    }

    private Job runningWithSession() {
        pipeline(project);
        Job job = take();
        sessions.save(new JobSession(
                job.id(), "https://127.0.0.1:8093/session/" + "f".repeat(64), "pem", "a".repeat(64), Instant.now()));
        return job;
    }

    private String terminalPath(Job job) {
        return path(project) + "/-/jobs/" + job.id() + "/terminal";
    }

    @Test
    void theOwnerOfARunningJobGetsTheTerminal() {
        Job job = runningWithSession();

        HttpResponse<String> page = signedIn(owner).get(terminalPath(job));

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .contains("data-socket=\"" + terminalPath(job) + ".ws\"")
                .contains("data-status-url=\"" + path(project) + "/-/jobs/" + job.id() + ".json\"")
                .contains("<script type=\"module\" src=\"/assets/js/terminal.js\"></script>")
                .contains("/assets/vendor/xterm/xterm.css")
                .contains("data-testid=\"connection-state\"")
                .contains("data-testid=\"terminal-reconnect\"")
                .contains("href=\"" + path(project) + "/-/jobs/" + job.id() + "\" data-testid=\"job-link\"")
                .contains("data-status=\"running\"")
                .doesNotContain("No terminal for this job");
    }

    @Test
    void whoSeesTheJobButDidNotStartItIsRefused() {
        Job job = runningWithSession();

        for (Account other : new Account[] {maintainer, developer, reporter, admin}) {
            HttpResponse<String> page = signedIn(other).get(terminalPath(job));
            assertThat(page.statusCode()).as(other.user().username()).isEqualTo(403);
            assertThat(page.body())
                    .contains("Only the user who started this job may open a terminal into it")
                    .doesNotContain("data-socket");
        }
    }

    @Test
    void whoCannotSeeTheJobGetsNotFoundAndAnonymousVisitorsSignInFirst() {
        Job job = runningWithSession();

        assertThat(signedIn(stranger).get(terminalPath(job)).statusCode()).isEqualTo(404);
        Project other = newProject(owner.user(), "job:\n  script: [true]\n");
        assertThat(signedIn(owner)
                        .get(path(other) + "/-/jobs/" + job.id() + "/terminal")
                        .statusCode())
                .as("a job of another project")
                .isEqualTo(404);

        HttpResponse<String> anonymous = anonymousVisitor().get(terminalPath(job));
        assertThat(anonymous.statusCode()).isEqualTo(302);
        assertThat(anonymous.headers().firstValue("Location").orElse("")).contains("/users/sign_in");
    }

    @Test
    void theOwnerOfAJobThatIsNotRunningLearnsWhyThereIsNoTerminal() {
        Job job = runningWithSession();
        succeed(job);

        HttpResponse<String> page = signedIn(owner).get(terminalPath(job));

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .contains("No terminal for this job")
                .contains("Job #" + job.id() + " has finished (success), so its terminal is gone")
                .contains("href=\"" + path(project) + "/-/jobs/" + job.id() + "\" data-testid=\"back-to-job\"")
                .doesNotContain("terminal.js")
                .doesNotContain("data-socket");
    }

    @Test
    void theOwnerOfARunningJobWithoutSessionLearnsHowToGetOne() {
        pipeline(project);
        Job job = take();

        HttpResponse<String> page = signedIn(owner).get(terminalPath(job));

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .contains("No terminal for this job")
                .contains("Add a [session_server] section to the runner")
                .doesNotContain("data-socket");
    }
}
