package dev.porthole.server.health;

import dev.porthole.server.repository.RepositoryStorage;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /-/health}: the process answers. {@code GET /-/readiness}: it can serve, the database and the
 * repository storage answering too; 503 with the failing check otherwise.
 */
@RestController
class HealthController {
    private final JdbcClient jdbc;
    private final RepositoryStorage repositories;
    private final ApplicationAvailability availability;

    HealthController(JdbcClient jdbc, RepositoryStorage repositories, ApplicationAvailability availability) {
        this.jdbc = jdbc;
        this.repositories = repositories;
        this.availability = availability;
    }

    @GetMapping(path = "/-/health", produces = MediaType.TEXT_PLAIN_VALUE)
    String health() {
        return "Porthole OK";
    }

    @GetMapping("/-/readiness")
    ResponseEntity<Map<String, Object>> readiness() {
        Map<String, Object> checks = new LinkedHashMap<>();
        // Accepting traffic only once start-up tasks (first-start setup) are done.
        checks.put("startup", availability.getReadinessState() == ReadinessState.ACCEPTING_TRAFFIC ? "ok" : "starting");
        checks.put(
                "database",
                check(() -> jdbc.sql("SELECT 1").query(Integer.class).single() == 1));
        checks.put(
                "repositories",
                check(() -> Files.isDirectory(repositories.root()) && Files.isWritable(repositories.root())));
        boolean ok = checks.values().stream().allMatch("ok"::equals);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", ok ? "ok" : "failed");
        body.put("checks", checks);
        return ResponseEntity.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                .body(body);
    }

    private static String check(BooleanSupplier probe) {
        try {
            return probe.getAsBoolean() ? "ok" : "failed";
        } catch (RuntimeException e) {
            return "failed: " + e.getMessage();
        }
    }
}
