package dev.porthole.server.debughold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.porthole.server.account.AccessTokenStore;
import dev.porthole.server.account.AccountService;
import dev.porthole.server.account.UserStore;
import dev.porthole.server.audit.AuditLog;
import dev.porthole.server.audit.AuditStore;
import dev.porthole.server.persistence.MutableClock;
import dev.porthole.server.persistence.TestDatabase;
import dev.porthole.server.persistence.Timestamps;
import dev.porthole.server.pipeline.Job;
import dev.porthole.server.pipeline.JobStatus;
import dev.porthole.server.pipeline.JobStore;
import dev.porthole.server.project.ProjectStore;
import dev.porthole.server.project.Visibility;
import dev.porthole.server.settings.SettingsStore;
import java.time.Duration;
import java.time.Instant;
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
import org.springframework.security.crypto.password.NoOpPasswordEncoder;

/**
 * Holds on both databases: the runner's report starts one (capped by the maximum), the server's answer is the time
 * left, Extend adds what the job asked for up to the maximum, Release and expiry end it.
 */
@ParameterizedClass
@ValueSource(strings = {"h2", "postgres"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DebugHoldsTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @Parameter
    String databaseName;

    private TestDatabase database;
    private JdbcClient jdbc;
    private final MutableClock clock = new MutableClock(T0);
    private DebugHolds holds;
    private JobStore jobs;
    private long alice;
    private long project;

    @BeforeParameterizedClassInvocation
    void setUp() {
        database = databaseName.equals("h2") ? TestDatabase.h2() : TestDatabase.postgres();
        jdbc = database.jdbc();
        var users = new UserStore(jdbc);
        alice = users.insert("alice", "Alice", "alice@example.com", "x", false, T0)
                .id();
        project = new ProjectStore(jdbc)
                .insert("alice", "app", "App", "", Visibility.PRIVATE, "main", alice, T0)
                .id();
        jobs = new JobStore(jdbc);
        var accounts = new AccountService(users, new AccessTokenStore(jdbc), NoOpPasswordEncoder.getInstance(), clock);
        holds = new DebugHolds(
                new DebugHoldStore(jdbc),
                new SettingsStore(jdbc),
                new AuditLog(new AuditStore(jdbc), accounts, clock),
                clock);
    }

    @AfterParameterizedClassInvocation
    void tearDown() {
        database.close();
    }

    @BeforeEach
    void defaults() {
        clock.set(T0);
        jdbc.sql("DELETE FROM application_settings WHERE name = ?")
                .param(DebugHolds.MAXIMUM_SETTING)
                .update();
    }

    @Test
    void theFirstReportStartsTheHoldAndRepeatsDoNotMoveIt() {
        Job job = runningJob();
        assertThat(holds.reportedByRunner(job, Duration.ofMinutes(15), 3)).isEqualTo(Duration.ofMinutes(15));
        clock.advance(Duration.ofMinutes(1));
        assertThat(holds.reportedByRunner(job, Duration.ofMinutes(15), 3)).isEqualTo(Duration.ofMinutes(14));
        JobHold hold = holds.open(job).orElseThrow();
        assertThat(hold.exitCode()).isEqualTo(3);
        assertThat(hold.startedAt()).isEqualTo(T0);
        assertThat(hold.endsAt()).isEqualTo(T0.plus(Duration.ofMinutes(15)));
    }

    @Test
    void aHoldLongerThanTheMaximumIsCutToIt() {
        Job job = runningJob();
        assertThat(holds.reportedByRunner(job, Duration.ofHours(5), 1)).isEqualTo(DebugHolds.DEFAULT_MAXIMUM);
    }

    @Test
    void extendAddsWhatTheJobAskedForUpToTheMaximum() {
        Job job = runningJob();
        holds.reportedByRunner(job, Duration.ofMinutes(25), 1);
        assertThat(holds.extend(job)).isEqualTo(new HoldChange.Extended(T0.plus(Duration.ofMinutes(50)), false));
        assertThat(holds.extend(job)).isEqualTo(new HoldChange.Extended(T0.plus(Duration.ofHours(1)), true));
        assertThat(holds.extend(job)).isEqualTo(new HoldChange.AtMaximum(T0.plus(Duration.ofHours(1))));
        assertThat(holds.of(job).orElseThrow().extensions()).isEqualTo(2);
        clock.advance(Duration.ofMinutes(10));
        assertThat(holds.remaining(job)).contains(Duration.ofMinutes(50));
    }

    @Test
    void releaseEndsItAndTheRunnerIsToldZero() {
        Job job = runningJob();
        holds.reportedByRunner(job, Duration.ofMinutes(15), 2);
        assertThat(holds.release(job, alice)).isInstanceOf(HoldChange.Released.class);
        assertThat(holds.remaining(job)).contains(Duration.ZERO);
        assertThat(holds.open(job)).isEmpty();
        assertThat(holds.of(job).orElseThrow().releasedBy()).isEqualTo(alice);
        assertThat(holds.release(job, alice)).isInstanceOf(HoldChange.NotHeld.class);
        assertThat(holds.extend(job)).isInstanceOf(HoldChange.NotHeld.class);
        // A runner repeating its report does not start a second hold.
        assertThat(holds.reportedByRunner(job, Duration.ofMinutes(15), 2)).isEqualTo(Duration.ZERO);
    }

    @Test
    void anExpiredHoldIsOverForEveryone() {
        Job job = runningJob();
        holds.reportedByRunner(job, Duration.ofMinutes(15), 2);
        clock.advance(Duration.ofMinutes(15));
        assertThat(holds.remaining(job)).contains(Duration.ZERO);
        assertThat(holds.extend(job)).isInstanceOf(HoldChange.NotHeld.class);
        assertThat(holds.release(job, alice)).isInstanceOf(HoldChange.NotHeld.class);
        assertThat(holds.allOpen()).noneMatch(h -> h.jobId() == job.id());
    }

    @Test
    void onlyRunningJobsAreHeldAndListed() {
        Job running = runningJob();
        holds.reportedByRunner(running, Duration.ofMinutes(15), 1);
        Job canceling = job(JobStatus.CANCELING);
        assertThat(holds.reportedByRunner(canceling, Duration.ofMinutes(15), 1)).isEqualTo(Duration.ZERO);
        assertThat(holds.of(canceling)).isEmpty();
        assertThat(holds.allOpen()).extracting(JobHold::jobId).contains(running.id());
        jdbc.sql("UPDATE jobs SET status = 'failed' WHERE id = ?")
                .param(running.id())
                .update();
        Job failed = jobs.findById(running.id()).orElseThrow();
        assertThat(holds.allOpen()).noneMatch(h -> h.jobId() == running.id());
        assertThat(holds.remaining(failed)).contains(Duration.ZERO);
        assertThat(holds.remaining(job(JobStatus.RUNNING))).isEmpty();
    }

    @Test
    void theMaximumIsSetWithinLimitsAndAudited() {
        holds.setMaximum(Duration.ofMinutes(20), alice);
        assertThat(holds.maximum()).isEqualTo(Duration.ofMinutes(20));
        Job job = runningJob();
        assertThat(holds.reportedByRunner(job, Duration.ofMinutes(30), 1)).isEqualTo(Duration.ofMinutes(20));
        assertThat(holds.extend(job)).isInstanceOf(HoldChange.AtMaximum.class);
        assertThatThrownBy(() -> holds.setMaximum(Duration.ofDays(2), alice))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> holds.setMaximum(Duration.ZERO, alice)).isInstanceOf(IllegalArgumentException.class);
        assertThat(holds.maximum()).isEqualTo(Duration.ofMinutes(20));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_events WHERE action = 'Changed maximum debug hold'")
                        .query(Long.class)
                        .single())
                .isPositive();
    }

    private Job runningJob() {
        return job(JobStatus.RUNNING);
    }

    private Job job(JobStatus status) {
        var pipeline = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO pipelines (project_id, ref, tag, sha, before_sha, source, status, created_at,"
                        + " updated_at) VALUES (:project, 'main', FALSE, 'a', 'b', 'push', 'running', :at, :at)")
                .param("project", project)
                .param("at", Timestamps.toSql(T0))
                .update(pipeline, "id");
        var job = new GeneratedKeyHolder();
        jdbc.sql(
                        "INSERT INTO jobs (pipeline_id, project_id, name, stage, stage_idx, status, run_when,"
                                + " allow_failure, tags, spec, timeout_seconds, retried, created_at) VALUES (:pipeline,"
                                + " :project, 'rspec', 'test', 0, :status, 'on_success', FALSE, '', '{\"interruptible\":false}', 3600, FALSE, :at)")
                .param("pipeline", pipeline.getKey().longValue())
                .param("project", project)
                .param("status", status.wireName())
                .param("at", Timestamps.toSql(T0))
                .update(job, "id");
        return jobs.findById(job.getKey().longValue()).orElseThrow();
    }
}
