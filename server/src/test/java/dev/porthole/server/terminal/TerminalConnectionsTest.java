package dev.porthole.server.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porthole.server.account.UserStore;
import dev.porthole.server.persistence.MutableClock;
import dev.porthole.server.persistence.TestDatabase;
import dev.porthole.server.persistence.Timestamps;
import dev.porthole.server.pipeline.JobStatus;
import dev.porthole.server.project.ProjectStore;
import dev.porthole.server.project.Visibility;
import dev.porthole.server.runner.RunnerStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;

/**
 * The record of terminal connections as the review pages read it, on both databases: newest first, a page at a time,
 * with user, project, job and runner names from one query, filtered by project, user or project path.
 */
@ParameterizedClass
@ValueSource(strings = {"h2", "postgres"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TerminalConnectionsTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @Parameter
    String databaseName;

    private TestDatabase database;
    private JdbcClient jdbc;
    private TerminalConnections connections;
    private long alice;
    private long bob;
    private long app;
    private long tools;
    private long appJob;
    private long toolsJob;
    private long runner;

    @BeforeParameterizedClassInvocation
    void setUp() {
        database = databaseName.equals("h2") ? TestDatabase.h2() : TestDatabase.postgres();
        jdbc = database.jdbc();
        connections = new TerminalConnections(jdbc);
        var users = new UserStore(jdbc);
        alice = users.insert("alice", "Alice Liddell", "alice@example.com", "x", false, T0)
                .id();
        bob = users.insert("Bob", "Bob", "bob@example.com", "x", false, T0).id();
        var projects = new ProjectStore(jdbc);
        app = projects.insert("alice", "app", "App", "", Visibility.PRIVATE, "main", alice, T0)
                .id();
        tools = projects.insert("ops", "tools", "Tools", "", Visibility.PRIVATE, "main", alice, T0)
                .id();
        appJob = job(app, "rspec", JobStatus.RUNNING);
        toolsJob = job(tools, "deploy", JobStatus.SUCCESS);
        runner = new RunnerStore(jdbc)
                .insert("digest", "glrt-abc", "build box", List.of(), true, false, false, null, "created", alice, T0);
    }

    @AfterParameterizedClassInvocation
    void tearDown() {
        database.close();
    }

    @BeforeEach
    void noConnections() {
        jdbc.sql("DELETE FROM terminal_connections").update();
    }

    private long job(long project, String name, JobStatus status) {
        var pipeline = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO pipelines (project_id, ref, tag, sha, before_sha, source, status, created_at,"
                        + " updated_at) VALUES (:project, 'main', FALSE, 'a', 'b', 'push', 'running', :at, :at)")
                .param("project", project)
                .param("at", Timestamps.toSql(T0))
                .update(pipeline, "id");
        var job = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO jobs (pipeline_id, project_id, name, stage, stage_idx, status, run_when,"
                        + " allow_failure, tags, spec, timeout_seconds, retried, created_at) VALUES (:pipeline,"
                        + " :project, :name, 'test', 0, :status, 'on_success', FALSE, '', '{}', 3600, FALSE, :at)")
                .param("pipeline", pipeline.getKey().longValue())
                .param("project", project)
                .param("name", name)
                .param("status", status.wireName())
                .param("at", Timestamps.toSql(T0))
                .update(job, "id");
        return job.getKey().longValue();
    }

    private long open(long job, long project, long user, Long runnerId, int minutesAfterT0) {
        return connections.opened(
                job,
                project,
                user,
                runnerId,
                "v1.terminal.porthole.dev",
                "browser",
                T0.plus(Duration.ofMinutes(minutesAfterT0)));
    }

    @Test
    void aPageJoinsTheNamesOfUserProjectJobAndRunner() {
        long id = open(appJob, app, alice, runner, 1);
        connections.ended(id, T0.plusSeconds(185), 42, 4096, "client closed (1000)");

        List<TerminalConnectionEntry> page = connections.page(TerminalConnectionFilter.all(), 50, 0);

        assertThat(page).hasSize(1);
        TerminalConnectionEntry entry = page.getFirst();
        assertThat(entry.connection().id()).isEqualTo(id);
        assertThat(entry.connection().endedAt()).isEqualTo(T0.plusSeconds(185));
        assertThat(entry.connection().bytesToRunner()).isEqualTo(42);
        assertThat(entry.connection().bytesToClient()).isEqualTo(4096);
        assertThat(entry.connection().closeReason()).isEqualTo("client closed (1000)");
        assertThat(entry.username()).isEqualTo("alice");
        assertThat(entry.userName()).isEqualTo("Alice Liddell");
        assertThat(entry.projectFullPath()).isEqualTo("alice/app");
        assertThat(entry.projectName()).isEqualTo("App");
        assertThat(entry.jobName()).isEqualTo("rspec");
        assertThat(entry.jobStatus()).isEqualTo(JobStatus.RUNNING);
        assertThat(entry.runnerExists()).isTrue();
        assertThat(entry.runnerDescription()).isEqualTo("build box");
        assertThat(entry.live()).isFalse();
        assertThat(entry.endUnknown()).isFalse();
    }

    @Test
    void newestFirstAPageAtATime() {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ids.add(open(appJob, app, alice, runner, i));
        }
        // Two connections in the same instant are ordered by id, so that pages neither repeat nor skip one.
        ids.add(open(appJob, app, bob, runner, 6));

        var all = TerminalConnectionFilter.all();
        assertThat(connections.count(all)).isEqualTo(8);
        assertThat(ids(connections.page(all, 3, 0))).containsExactly(ids.get(7), ids.get(6), ids.get(5));
        assertThat(ids(connections.page(all, 3, 3))).containsExactly(ids.get(4), ids.get(3), ids.get(2));
        assertThat(ids(connections.page(all, 3, 6))).containsExactly(ids.get(1), ids.get(0));
        assertThat(connections.page(all, 3, 9)).isEmpty();
    }

    @Test
    void filtersByProjectUserAndProjectPathWithoutCase() {
        long aliceApp = open(appJob, app, alice, runner, 1);
        long bobApp = open(appJob, app, bob, null, 2);
        long aliceTools = open(toolsJob, tools, alice, runner, 3);

        assertThat(ids(connections.page(TerminalConnectionFilter.project(app), 50, 0)))
                .containsExactly(bobApp, aliceApp);
        assertThat(connections.count(TerminalConnectionFilter.project(tools))).isEqualTo(1);
        assertThat(ids(connections.page(TerminalConnectionFilter.all().byUser("ALICE"), 50, 0)))
                .containsExactly(aliceTools, aliceApp);
        assertThat(ids(connections.page(TerminalConnectionFilter.all().byUser("bob"), 50, 0)))
                .containsExactly(bobApp);
        assertThat(ids(connections.page(TerminalConnectionFilter.all().byProject(" Ops/Tools "), 50, 0)))
                .containsExactly(aliceTools);
        assertThat(ids(connections.page(TerminalConnectionFilter.project(app).byUser("alice"), 50, 0)))
                .containsExactly(aliceApp);
        assertThat(connections.count(TerminalConnectionFilter.all().byUser("carol")))
                .isZero();
        assertThat(connections.count(TerminalConnectionFilter.all().byUser(" ").byProject("")))
                .isEqualTo(3);
    }

    @Test
    void aConnectionWithoutAnEndIsOpenOnlyWhileItsJobIsOnARunner() {
        open(appJob, app, alice, runner, 1);
        open(toolsJob, tools, alice, runner, 2);

        var page = connections.page(TerminalConnectionFilter.all(), 50, 0);

        assertThat(page.get(1).jobName()).isEqualTo("rspec");
        assertThat(page.get(1).live()).isTrue();
        assertThat(page.get(0).jobName()).isEqualTo("deploy");
        assertThat(page.get(0).live()).isFalse();
        assertThat(page.get(0).endUnknown()).isTrue();
    }

    @Test
    void aConnectionWhoseServerStoppedIsEndedByAServerStillRunning() {
        var clock = new MutableClock(T0);
        Duration beat = Duration.ofMinutes(1);
        // Two servers on one database; the second stops without recording the end of its connection.
        var running = new OpenConnections(connections);
        var stopped = new OpenConnections(connections);
        var heartbeat = new ConnectionHeartbeat(running, connections, clock, beat);
        long kept = running.opened(appJob, app, alice, runner, "v1.terminal.porthole.dev", "browser", T0);
        long orphan = stopped.opened(appJob, app, bob, runner, "v1.terminal.porthole.dev", "browser", T0);
        new ConnectionHeartbeat(stopped, connections, clock, beat).run();

        clock.advance(Duration.ofMinutes(1));
        heartbeat.run();
        clock.advance(Duration.ofMinutes(2));
        heartbeat.run();
        assertThat(connection(orphan).endedAt())
                .as("two missed beats are not yet three")
                .isNull();

        clock.advance(Duration.ofMinutes(1).plusSeconds(1));
        heartbeat.run();

        TerminalConnection ended = connection(orphan);
        assertThat(ended.endedAt()).as("ended when it was last seen").isEqualTo(T0);
        assertThat(ended.closeReason()).isEqualTo(ConnectionHeartbeat.REASON);
        assertThat(connection(kept).endedAt()).isNull();

        running.ended(kept, clock.instant(), 3, 4, "client closed (1000)");
        clock.advance(Duration.ofMinutes(10));
        heartbeat.run();
        assertThat(connection(kept).closeReason()).as("a recorded end stays").isEqualTo("client closed (1000)");
        assertThat(connection(kept).bytesToClient()).isEqualTo(4);
    }

    private TerminalConnection connection(long id) {
        return connections.page(TerminalConnectionFilter.all(), 50, 0).stream()
                .map(TerminalConnectionEntry::connection)
                .filter(c -> c.id() == id)
                .findFirst()
                .orElseThrow();
    }

    @Test
    void deletedUsersAndRunnersLeaveTheirConnectionsListed() {
        long carol = new UserStore(jdbc)
                .insert("carol", "Carol", "carol@example.com", "x", false, T0)
                .id();
        long spare = new RunnerStore(jdbc)
                .insert("digest2", "glrt-def", "spare", List.of(), true, false, false, null, "created", alice, T0);
        long id = open(appJob, app, carol, spare, 1);
        jdbc.sql("DELETE FROM users WHERE id = ?").param(carol).update();
        jdbc.sql("DELETE FROM runners WHERE id = ?").param(spare).update();

        TerminalConnectionEntry entry =
                connections.page(TerminalConnectionFilter.all(), 50, 0).getFirst();

        assertThat(entry.connection().id()).isEqualTo(id);
        assertThat(entry.connection().userId()).isNull();
        assertThat(entry.username()).isNull();
        assertThat(entry.connection().runnerId()).isEqualTo(spare);
        assertThat(entry.runnerExists()).isFalse();
        assertThat(entry.runnerDescription()).isNull();
    }

    private static List<Long> ids(List<TerminalConnectionEntry> entries) {
        return entries.stream().map(e -> e.connection().id()).toList();
    }
}
