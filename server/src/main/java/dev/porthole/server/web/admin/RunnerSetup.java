package dev.porthole.server.web.admin;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * What an administrator needs to put a new runner to work: its token (shown once), the command that registers it,
 * and the config.toml that command writes ({@code runner register} in the runner's {@code cli} package, through
 * {@code ConfigWriter.appendRunner}).
 */
public record RunnerSetup(long runnerId, String token, String url, Instant obtainedAt) {

    public String command() {
        return "./porthole runner register --url " + url + " --token " + token;
    }

    /** The file as {@code register} writes it when none exists yet (it appends the entry to an existing one). */
    public String configToml() {
        return """
                concurrent = 1
                check_interval = 0
                shutdown_timeout = 0

                [[runners]]
                  name = "<this machine's host name, or --name>"
                  url = "%s"
                  id = %d
                  token = "%s"
                  token_obtained_at = %s
                  token_expires_at = 0001-01-01T00:00:00Z
                  executor = "shell"
                """.formatted(url, runnerId, token, obtainedAt.truncatedTo(ChronoUnit.SECONDS));
    }
}
