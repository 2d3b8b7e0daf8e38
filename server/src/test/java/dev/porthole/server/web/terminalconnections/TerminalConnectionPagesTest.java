package dev.porthole.server.web.terminalconnections;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porthole.server.app.ServerTestSupport;
import dev.porthole.server.app.WebSession;
import dev.porthole.server.pipeline.JobStore;
import dev.porthole.server.project.AccessLevel;
import dev.porthole.server.project.Project;
import dev.porthole.server.runner.RunnerService.RunnerOptions;
import dev.porthole.server.terminal.TerminalConnections;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Who opened a terminal, as administrators ({@code /admin/terminals}) and a project's maintainers ({@code
 * /-/terminals}) see it, and as nobody else does.
 */
class TerminalConnectionPagesTest extends ServerTestSupport {
    private static final Pattern ROW_ID =
            Pattern.compile("data-testid=\"terminal-connection\" data-connection-id=\"(\\d+)\"");
    private static final String YAML = "build:\n  script: [\"echo hi\"]\n";

    @Autowired
    TerminalConnections connections;

    @Autowired
    JobStore jobStore;

    @Autowired
    JdbcClient jdbc;

    private Account owner;
    private Account maintainer;
    private Account developer;
    private Account admin;
    private Project app;
    private Project other;
    private long appJob;
    private long otherJob;
    private long runner;

    @BeforeEach
    void twoProjectsWithJobs() {
        owner = newUser(false);
        maintainer = newUser(false);
        developer = newUser(false);
        admin = newUser(true);
        app = newProject(owner.user(), YAML);
        projects.addMember(app, maintainer.user(), AccessLevel.MAINTAINER);
        projects.addMember(app, developer.user(), AccessLevel.DEVELOPER);
        other = newProject(owner.user(), YAML);
        appJob = firstJob(app);
        otherJob = firstJob(other);
        runner = runners.createByAdmin(
                        new RunnerOptions("build box", List.of("t"), true, false, false, null),
                        admin.user().id())
                .runner()
                .id();
    }

    private long firstJob(Project project) {
        return jobStore.forPipeline(newPipeline(project, owner.user()).id())
                .getFirst()
                .id();
    }

    /** A connection that ended now, after {@code seconds}. */
    private long closed(Project project, long job, Account user, long seconds, String reason) {
        Instant now = Instant.now();
        long id = connections.opened(
                job,
                project.id(),
                user.user().id(),
                runner,
                "v1.terminal.porthole.dev",
                "browser",
                now.minusSeconds(seconds));
        connections.ended(id, now, 42, 4096, reason);
        return id;
    }

    private long open(Project project, long job, Account user) {
        return connections.opened(
                job, project.id(), user.user().id(), runner, "terminal.gitlab.com", "token", Instant.now());
    }

    private static List<Long> rows(HttpResponse<String> page) {
        List<Long> ids = new ArrayList<>();
        Matcher m = ROW_ID.matcher(page.body());
        while (m.find()) {
            ids.add(Long.parseLong(m.group(1)));
        }
        return ids;
    }

    private static String location(HttpResponse<?> response) {
        return response.headers().firstValue("Location").orElse("");
    }

    private String terminals(Project project) {
        return "/" + project.fullPath() + "/-/terminals";
    }

    @Test
    void anAdministratorSeesTheConnectionsOfEveryProjectNewestFirst() {
        long first = closed(app, appJob, owner, 185, "client closed (1000)");
        long second = closed(other, otherJob, owner, 10, "Job #" + otherJob + " is no longer running (success).");

        HttpResponse<String> page = signedIn(admin).get("/admin/terminals");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(rows(page)).containsSubsequence(second, first);
        assertThat(page.body())
                .contains("data-testid=\"admin-nav-terminals\"")
                .contains("href=\"/" + app.fullPath() + "/-/jobs/" + appJob + "\"")
                .contains("href=\"/" + other.fullPath() + "/-/jobs/" + otherJob + "\"")
                .contains("href=\"/admin/users/" + owner.user().username() + "\"")
                .contains("href=\"/admin/runners#runner-" + runner + "\"")
                .contains("#" + runner + " · build box")
                .contains("3m 05s")
                .contains("42 B")
                .contains("4.0 KiB")
                .contains("client closed (1000)");
    }

    @Test
    void theAdminListFiltersByUserAndByProject() {
        Account someone = newUser(false);
        long mine = closed(app, appJob, someone, 5, "bye");
        long notMine = closed(app, appJob, owner, 5, "bye");
        long elsewhere = closed(other, otherJob, someone, 5, "bye");
        WebSession session = signedIn(admin);

        HttpResponse<String> byUser =
                session.get("/admin/terminals?user=" + someone.user().username().toUpperCase());
        assertThat(rows(byUser)).containsExactly(elsewhere, mine);
        assertThat(byUser.body()).contains("data-testid=\"clear-filter\"");

        assertThat(rows(session.get(
                        "/admin/terminals?user=" + someone.user().username() + "&project=" + app.fullPath())))
                .containsExactly(mine)
                .doesNotContain(notMine);

        HttpResponse<String> none =
                session.get("/admin/terminals?user=nobody-" + someone.user().username());
        assertThat(rows(none)).isEmpty();
        assertThat(none.body()).contains("data-testid=\"terminals-none-match\"").doesNotContain("terminals-empty");
    }

    @Test
    void theAdminListIsHiddenFromEveryoneElse() {
        open(app, appJob, owner);
        for (Account account : List.of(owner, maintainer, developer)) {
            HttpResponse<String> answer = signedIn(account).get("/admin/terminals");
            assertThat(answer.statusCode()).isEqualTo(404);
            assertThat(answer.body()).doesNotContain("data-testid=\"terminal-connection\"");
        }
        HttpResponse<String> anonymous = anonymousVisitor().get("/admin/terminals");
        assertThat(anonymous.statusCode()).isEqualTo(302);
        assertThat(location(anonymous)).contains("/users/sign_in");
    }

    @Test
    void aMaintainerSeesTheirProjectsConnectionsOnly() {
        long inApp = closed(app, appJob, developer, 60, "The runner closed the terminal");
        long live = open(app, appJob, owner);
        long inOther = closed(other, otherJob, owner, 60, "bye");
        jdbc.sql("UPDATE jobs SET status = 'running' WHERE id = ?")
                .param(appJob)
                .update();

        HttpResponse<String> page = signedIn(maintainer).get(terminals(app));

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(rows(page)).containsExactly(live, inApp).doesNotContain(inOther);
        assertThat(page.body())
                .contains("data-testid=\"project-nav-terminals\"")
                .contains("data-state=\"open\"")
                .contains("live-dot")
                .contains("access token")
                .contains("The runner closed the terminal")
                .doesNotContain(other.fullPath())
                // Runners live in the admin area; a maintainer gets no link there.
                .doesNotContain("/admin/runners#runner-")
                .contains("#" + runner + " · build box");
    }

    @Test
    void aConnectionWhoseJobEndedWithoutAnEndRecordedIsNotShownAsOpen() {
        long stale = open(app, appJob, owner);
        jdbc.sql("UPDATE jobs SET status = 'failed' WHERE id = ?").param(appJob).update();

        HttpResponse<String> page = signedIn(maintainer).get(terminals(app));

        assertThat(rows(page)).containsExactly(stale);
        assertThat(page.body())
                .contains("data-state=\"unknown\"")
                .contains("No end recorded")
                .doesNotContain("live-dot");
    }

    @Test
    void theProjectListFiltersByUser() {
        long byDeveloper = closed(app, appJob, developer, 5, "bye");
        long byOwner = closed(app, appJob, owner, 5, "bye");
        WebSession session = signedIn(maintainer);

        HttpResponse<String> all = session.get(terminals(app));
        assertThat(all.body())
                .contains(
                        "href=\"" + terminals(app) + "?user=" + developer.user().username() + "\"");

        HttpResponse<String> filtered =
                session.get(terminals(app) + "?user=" + developer.user().username());
        assertThat(rows(filtered)).containsExactly(byDeveloper).doesNotContain(byOwner);
        assertThat(filtered.body()).contains("data-testid=\"terminals-filtered\"");
    }

    @Test
    void developersReportersStrangersAndVisitorsCannotSeeTheProjectList() {
        closed(app, appJob, developer, 5, "bye");
        Account reporter = newUser(false);
        projects.addMember(app, reporter.user(), AccessLevel.REPORTER);

        assertThat(signedIn(developer).get(terminals(app)).statusCode()).isEqualTo(403);
        assertThat(signedIn(reporter).get(terminals(app)).statusCode()).isEqualTo(403);
        assertThat(signedIn(newUser(false)).get(terminals(app)).statusCode()).isEqualTo(404);
        HttpResponse<String> anonymous = anonymousVisitor().get(terminals(app));
        assertThat(anonymous.statusCode()).isEqualTo(302);
        assertThat(location(anonymous)).contains("/users/sign_in");
        // Nor is the tab offered to a developer.
        assertThat(signedIn(developer).get("/" + app.fullPath()).body()).doesNotContain("project-nav-terminals");
    }

    @Test
    void theOwnerAndAnAdministratorWhoIsNoMemberSeeTheProjectList() {
        long id = closed(app, appJob, developer, 5, "bye");

        assertThat(rows(signedIn(owner).get(terminals(app)))).containsExactly(id);
        HttpResponse<String> asAdmin = signedIn(admin).get(terminals(app));
        assertThat(rows(asAdmin)).containsExactly(id);
        assertThat(asAdmin.body()).contains("href=\"/admin/runners#runner-" + runner + "\"");
    }

    @Test
    void aProjectWithoutConnectionsSaysHowTerminalsAreOpened() {
        HttpResponse<String> page = signedIn(maintainer).get(terminals(app));

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(rows(page)).isEmpty();
        assertThat(page.body())
                .contains("data-testid=\"terminals-empty\"")
                .contains("No terminal has been opened in this project yet")
                .contains("[session_server]")
                .contains("docs/terminals.md")
                .doesNotContain("class=\"pager\"");
    }

    @Test
    void longListsComeFiftyAPage() {
        List<Long> ids = new ArrayList<>();
        Instant start = Instant.now().minus(Duration.ofHours(2));
        for (int i = 0; i < 53; i++) {
            ids.add(connections.opened(
                    appJob,
                    app.id(),
                    owner.user().id(),
                    runner,
                    "v1.terminal.porthole.dev",
                    "browser",
                    start.plusSeconds(i)));
        }
        List<Long> newestFirst = ids.reversed();
        WebSession session = signedIn(maintainer);

        HttpResponse<String> first = session.get(terminals(app));
        assertThat(rows(first)).containsExactlyElementsOf(newestFirst.subList(0, 50));
        assertThat(first.body())
                .contains("Page 1 of 2 · 53 connections")
                .contains("href=\"" + terminals(app) + "?page=2\" rel=\"next\"");

        HttpResponse<String> second = session.get(terminals(app) + "?page=2");
        assertThat(rows(second)).containsExactlyElementsOf(newestFirst.subList(50, 53));
        assertThat(second.body()).contains("href=\"" + terminals(app) + "\" rel=\"prev\"");

        // Past the end: the last page; nonsense: the first.
        assertThat(rows(session.get(terminals(app) + "?page=40"))).isEqualTo(rows(second));
        assertThat(rows(session.get(terminals(app) + "?page=abc"))).isEqualTo(rows(first));

        // The filter is kept from page to page.
        HttpResponse<String> filtered =
                session.get(terminals(app) + "?user=" + owner.user().username());
        assertThat(filtered.body())
                .contains("href=\"" + terminals(app) + "?user=" + owner.user().username() + "&amp;page=2\"");
    }
}
