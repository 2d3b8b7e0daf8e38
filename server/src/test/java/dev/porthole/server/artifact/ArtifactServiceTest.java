package dev.porthole.server.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.porthole.server.account.UserStore;
import dev.porthole.server.ciconfig.When;
import dev.porthole.server.persistence.TestDatabase;
import dev.porthole.server.pipeline.JobSpec;
import dev.porthole.server.pipeline.JobStore;
import dev.porthole.server.pipeline.PipelineStatus;
import dev.porthole.server.pipeline.PipelineStore;
import dev.porthole.server.project.ProjectStore;
import dev.porthole.server.project.Visibility;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.util.unit.DataSize;

/** Artifacts kept, limited and expired, against both databases and a real folder. */
@ParameterizedClass
@ValueSource(strings = {"h2", "postgres"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ArtifactServiceTest {
    @Parameter
    String databaseName;

    // One folder per database, living as long as its rows: JUnit's per-test folders would outlive neither.
    private Path root;

    private TestDatabase database;
    private final SettableClock clock = new SettableClock();
    private long projectId;
    private long pipelineId;

    @BeforeParameterizedClassInvocation
    void setUp() {
        database = databaseName.equals("h2") ? TestDatabase.h2() : TestDatabase.postgres();
        try {
            root = Files.createTempDirectory("porthole-artifacts-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long userId = new UserStore(database.jdbc())
                .insert("alice", "Alice", "alice@example.com", "x", false, clock.instant())
                .id();
        projectId = new ProjectStore(database.jdbc())
                .insert("alice", "app", "app", "", Visibility.PRIVATE, "main", userId, clock.instant())
                .id();
        pipelineId = new PipelineStore(database.jdbc())
                .insert(
                        projectId,
                        "main",
                        false,
                        "a".repeat(40),
                        "0".repeat(40),
                        "push",
                        PipelineStatus.RUNNING,
                        userId,
                        null,
                        clock.instant())
                .id();
    }

    @AfterParameterizedClassInvocation
    void tearDown() throws IOException {
        database.close();
        try (var files = Files.walk(root)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    private ArtifactService service(DataSize maxSize) {
        return new ArtifactService(
                new ArtifactStore(database.jdbc()),
                new ArtifactFiles(root),
                new ArtifactSettings(maxSize, Duration.ofDays(30), Duration.ofMinutes(10)),
                clock);
    }

    private long newJob() {
        return new JobStore(database.jdbc())
                .insert(
                        pipelineId,
                        projectId,
                        "build",
                        "build",
                        1,
                        When.ON_SUCCESS,
                        false,
                        List.of(),
                        new JobSpec(
                                List.of(),
                                List.of("true"),
                                List.of(),
                                List.of(),
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                false,
                                null,
                                null,
                                null,
                                null),
                        null,
                        3600,
                        null,
                        clock.instant());
    }

    private JobArtifact save(ArtifactService service, long jobId, String expireIn, int size) throws IOException {
        return service.save(
                jobId,
                projectId,
                "archive",
                "zip",
                "artifacts.zip",
                expireIn,
                new ByteArrayInputStream(new byte[size]));
    }

    @Test
    void expiredArtifactsLoseTheirRowAndFileOthersStay() throws IOException {
        ArtifactService service = service(DataSize.ofMegabytes(1));
        long soon = newJob();
        long later = newJob();
        long never = newJob();
        long byDefault = newJob();
        save(service, soon, "1 hour", 10);
        save(service, later, "2 days", 10);
        save(service, never, "never", 10);
        save(service, byDefault, null, 10);
        Path soonFile = service.file(service.archive(soon).orElseThrow());
        assertThat(soonFile).exists();

        clock.advance(Duration.ofHours(2));
        assertThat(service.removeExpired()).isEqualTo(1);
        assertThat(service.archive(soon)).isEmpty();
        assertThat(soonFile).doesNotExist();
        assertThat(service.archive(later)).isPresent();

        clock.advance(Duration.ofDays(40));
        assertThat(service.removeExpired()).isEqualTo(2);
        assertThat(service.archive(later)).isEmpty();
        assertThat(service.archive(byDefault)).isEmpty();
        assertThat(service.archive(never)).isPresent();
        assertThat(service.archive(never).orElseThrow().expireAt()).isNull();
        assertThat(service.removeExpired()).isZero();
    }

    @Test
    void anUploadOverTheLimitIsRefusedAndLeavesNothingBehind() throws IOException {
        ArtifactService service = service(DataSize.ofBytes(100));
        long job = newJob();
        assertThatThrownBy(() -> save(service, job, null, 101)).isInstanceOf(ArtifactFiles.TooLargeException.class);
        assertThat(service.archive(job)).isEmpty();
        Path jobFolder = root.resolve(Long.toString(job));
        if (Files.exists(jobFolder)) {
            try (var left = Files.walk(jobFolder)) {
                assertThat(left.filter(Files::isRegularFile)).isEmpty();
            }
        }
        // Kept for good, so that the expiry test, sharing this database and clock, counts only its own.
        assertThat(save(service, job, "never", 100).size()).isEqualTo(100);
    }

    private static final class SettableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
