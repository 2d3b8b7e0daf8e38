package dev.porthole.server.trace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porthole.server.persistence.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/** The durable trace on both databases: offsets, refusals, reading from anywhere, and racing writers. */
@ParameterizedClass
@ValueSource(strings = {"h2", "postgres"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TraceStoreTest {
    private TestDatabase database;
    private TraceStore store;
    private long jobId;

    @Parameter
    String databaseName;

    @BeforeParameterizedClassInvocation
    void setUp() {
        database = databaseName.equals("h2") ? TestDatabase.h2() : TestDatabase.postgres();
        store = new TraceStore(database.jdbc());
    }

    @AfterParameterizedClassInvocation
    void tearDown() {
        database.close();
    }

    private long newJob() {
        var jdbc = database.jdbc();
        jdbc.sql("INSERT INTO users (username, name, email, admin, state, created_at)"
                        + " VALUES (?, 'U', ?, FALSE, 'active', CURRENT_TIMESTAMP)")
                .params("u" + (++jobId), "u" + jobId + "@example.com")
                .update();
        long user = jdbc.sql("SELECT MAX(id) FROM users").query(Long.class).single();
        jdbc.sql("INSERT INTO projects (namespace_path, path, name, description, visibility, default_branch,"
                        + " creator_id, created_at) VALUES ('u', ?, 'p', '', 'private', 'main', ?, CURRENT_TIMESTAMP)")
                .params("p" + jobId, user)
                .update();
        long project =
                jdbc.sql("SELECT MAX(id) FROM projects").query(Long.class).single();
        jdbc.sql("INSERT INTO pipelines (project_id, ref, tag, sha, before_sha, source, status, created_at,"
                        + " updated_at) VALUES (?, 'main', FALSE, 'a', 'b', 'push', 'running', CURRENT_TIMESTAMP,"
                        + " CURRENT_TIMESTAMP)")
                .param(project)
                .update();
        long pipeline =
                jdbc.sql("SELECT MAX(id) FROM pipelines").query(Long.class).single();
        jdbc.sql("INSERT INTO jobs (pipeline_id, project_id, name, stage, stage_idx, status, run_when, allow_failure,"
                        + " tags, spec, timeout_seconds, retried, created_at) VALUES (?, ?, 'j', 'test', 1,"
                        + " 'running', 'on_success', FALSE, '', '{}', 60, FALSE, CURRENT_TIMESTAMP)")
                .params(pipeline, project)
                .update();
        long job = jdbc.sql("SELECT MAX(id) FROM jobs").query(Long.class).single();
        store.create(job);
        return job;
    }

    private AppendResult append(long job, long start, String text, long max) {
        return database.transactions()
                .execute(s -> store.append(job, start, text.getBytes(StandardCharsets.UTF_8), max));
    }

    private String read(long job, long offset) {
        return new String(store.read(job, offset), StandardCharsets.UTF_8);
    }

    @Test
    void appendsAtTheEndOnly() {
        long job = newJob();
        assertThat(append(job, 0, "hello ", 100)).isEqualTo(new AppendResult.Appended(6));
        assertThat(append(job, 6, "world\n", 100)).isEqualTo(new AppendResult.Appended(12));
        assertThat(append(job, 6, "again", 100)).isEqualTo(new AppendResult.RangeMismatch(12));
        assertThat(append(job, 20, "gap", 100)).isEqualTo(new AppendResult.RangeMismatch(12));
        assertThat(read(job, 0)).isEqualTo("hello world\n");
        assertThat(store.size(job)).isEqualTo(12);
    }

    @Test
    void readsFromAnyOffsetIncludingInsideAChunk() {
        long job = newJob();
        append(job, 0, "abc", 100);
        append(job, 3, "defgh", 100);
        append(job, 8, "ij", 100);
        assertThat(read(job, 0)).isEqualTo("abcdefghij");
        assertThat(read(job, 5)).isEqualTo("fghij");
        assertThat(read(job, 8)).isEqualTo("ij");
        assertThat(read(job, 10)).isEmpty();
        assertThat(read(job, 99)).isEmpty();
    }

    @Test
    void refusesWhatPassesTheLimitAndKeepsWhatItHas() {
        long job = newJob();
        append(job, 0, "12345", 8);
        assertThat(append(job, 5, "6789", 8)).isEqualTo(new AppendResult.TooLarge(5));
        assertThat(read(job, 0)).isEqualTo("12345");
    }

    @Test
    void aTraceNobodyWroteIsEmpty() {
        long job = newJob();
        assertThat(store.size(job)).isZero();
        assertThat(read(job, 0)).isEmpty();
        assertThat(append(job, 0, "", 10)).isEqualTo(new AppendResult.Appended(0));
    }

    @Test
    void ofWritersRacingForTheSameOffsetExactlyOneWins() throws Exception {
        long job = newJob();
        append(job, 0, "start\n", 1000);
        List<Callable<AppendResult>> writers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String text = "writer " + i + "\n";
            writers.add(() -> append(job, 6, text, 1000));
        }
        List<AppendResult> results = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(8)) {
            for (Future<AppendResult> f : pool.invokeAll(writers)) {
                try {
                    results.add(f.get());
                } catch (Exception e) {
                    // a database may refuse a racing transaction outright; that writer lost too
                    results.add(new AppendResult.RangeMismatch(-1));
                }
            }
        }
        assertThat(results).filteredOn(AppendResult.Appended.class::isInstance).hasSize(1);
        assertThat(read(job, 0)).matches("start\nwriter \\d\n");
    }
}
