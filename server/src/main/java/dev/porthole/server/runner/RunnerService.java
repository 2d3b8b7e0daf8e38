package dev.porthole.server.runner;

import dev.porthole.server.audit.AuditLog;
import dev.porthole.server.credential.Tokens;
import dev.porthole.server.settings.SettingsStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Registers runners, checks their tokens and records what they report about themselves. What administrators do to
 * runners (create, pause, resume, delete, reset a token) is written to the audit log with the change.
 */
@Service
public class RunnerService {
    /** The prefix GitLab gives tokens of runners an administrator creates; gitlab-runner recognises it. */
    public static final String CREATED_RUNNER_PREFIX = "glrt-";

    private static final String REGISTRATION_TOKEN_SETTING = "runners_registration_token";
    private static final String REGISTRATION_TOKEN_PREFIX = "GR1348941";
    private static final int SHOWN_PREFIX_LENGTH = 8;
    // Each long poll reports the runner's details; writing them at most this often is enough for "last contact".
    private static final Duration CONTACT_PRECISION = Duration.ofSeconds(10);

    private final RunnerStore runners;
    private final SettingsStore settings;
    private final Clock clock;
    private final AuditLog audit;

    public RunnerService(RunnerStore runners, SettingsStore settings, Clock clock, AuditLog audit) {
        this.runners = runners;
        this.settings = settings;
        this.clock = clock;
        this.audit = audit;
    }

    /** A runner together with its token, which exists in clear only in this answer. */
    public record Registered(Runner runner, String token) {}

    /** What a runner asks to be, when it registers or an administrator creates it. */
    public record RunnerOptions(
            String description,
            List<String> tags,
            Boolean runUntagged,
            boolean locked,
            boolean paused,
            Integer maximumTimeout) {}

    /** The instance's legacy registration token, created on first use; shown to administrators. */
    public String registrationToken() {
        return settings.getOrCreate(REGISTRATION_TOKEN_SETTING, () -> Tokens.generate(REGISTRATION_TOKEN_PREFIX));
    }

    public String resetRegistrationToken() {
        String token = Tokens.generate(REGISTRATION_TOKEN_PREFIX);
        settings.put(REGISTRATION_TOKEN_SETTING, token);
        return token;
    }

    /** A new registration token, by an administrator; the old one stops registering runners at once. */
    @Transactional
    public String resetRegistrationToken(long adminId) {
        String token = resetRegistrationToken();
        audit.record(adminId, "Reset registration token", "Runner registration token", null, null);
        return token;
    }

    /** Registration with the legacy registration token, as {@code gitlab-runner register} does it. */
    public Optional<Registered> register(String registrationToken, RunnerOptions options) {
        if (registrationToken == null || !Tokens.constantTimeEquals(registrationToken(), registrationToken)) {
            return Optional.empty();
        }
        return Optional.of(create(options, "legacy", null, ""));
    }

    /** A runner created by an administrator; its {@code glrt-} token is then given to {@code runner register}. */
    @Transactional
    public Registered createByAdmin(RunnerOptions options, long adminId) {
        Registered created = create(options, "created", adminId, CREATED_RUNNER_PREFIX);
        audit.record(adminId, "Created runner", target(created.runner()), null, summary(created.runner()));
        return created;
    }

    public Optional<Runner> find(long id) {
        return runners.findById(id);
    }

    /** Pauses (no new jobs) or resumes the runner; false when it does not exist. */
    @Transactional
    public boolean setPaused(long id, boolean paused, long adminId) {
        Optional<Runner> runner = runners.findById(id);
        if (runner.isEmpty() || !runners.setPaused(id, paused)) {
            return false;
        }
        if (runner.get().paused() != paused) {
            audit.record(
                    adminId,
                    paused ? "Paused runner" : "Resumed runner",
                    target(runner.get()),
                    Boolean.toString(runner.get().paused()),
                    Boolean.toString(paused));
        }
        return true;
    }

    /** Deletes the runner; its token stops working at once. False when it does not exist. */
    @Transactional
    public boolean delete(long id, long adminId) {
        Optional<Runner> runner = runners.findById(id);
        if (runner.isEmpty() || !runners.deleteById(id)) {
            return false;
        }
        audit.record(adminId, "Deleted runner", target(runner.get()), summary(runner.get()), null);
        return true;
    }

    /**
     * Gives the runner a new {@code glrt-} token; the old one stops working at once, so the runner's config.toml
     * needs the new one.
     */
    @Transactional
    public Optional<Registered> resetToken(long id, long adminId) {
        Optional<Runner> runner = runners.findById(id);
        if (runner.isEmpty()) {
            return Optional.empty();
        }
        String token = Tokens.generate(CREATED_RUNNER_PREFIX);
        String prefix = shownPrefix(token, CREATED_RUNNER_PREFIX);
        if (!runners.replaceToken(id, Tokens.digest(token), prefix)) {
            return Optional.empty();
        }
        audit.record(
                adminId,
                "Reset runner token",
                target(runner.get()),
                runner.get().tokenPrefix() + "…",
                prefix + "…");
        return Optional.of(new Registered(runners.findById(id).orElseThrow(), token));
    }

    private static String target(Runner runner) {
        return "Runner #" + runner.id();
    }

    private static String summary(Runner runner) {
        String description = runner.description().isBlank() ? "(no description)" : runner.description();
        return description + "; tags: " + (runner.tags().isEmpty() ? "none" : String.join(", ", runner.tags()))
                + "; run untagged: " + runner.runUntagged() + "; paused: " + runner.paused()
                + (runner.maximumTimeout() == null ? "" : "; maximum timeout: " + runner.maximumTimeout() + "s");
    }

    private static String shownPrefix(String token, String prefix) {
        return token.substring(0, Math.min(token.length(), prefix.length() + SHOWN_PREFIX_LENGTH));
    }

    private Registered create(RunnerOptions options, String registration, Long createdBy, String prefix) {
        List<String> tags = normalizeTags(options.tags());
        boolean runUntagged = options.runUntagged() != null ? options.runUntagged() : tags.isEmpty();
        if (options.maximumTimeout() != null && options.maximumTimeout() < 600) {
            throw new IllegalArgumentException("maximum_timeout must be at least 600 seconds (10 minutes)");
        }
        String token = Tokens.generate(prefix);
        long id = runners.insert(
                Tokens.digest(token),
                shownPrefix(token, prefix),
                options.description() == null ? "" : options.description(),
                tags,
                runUntagged,
                options.locked(),
                options.paused(),
                options.maximumTimeout(),
                registration,
                createdBy,
                clock.instant());
        return new Registered(runners.findById(id).orElseThrow(), token);
    }

    public static List<String> parseTagList(String tagList) {
        return tagList == null ? List.of() : normalizeTags(Arrays.asList(tagList.split(",")));
    }

    private static List<String> normalizeTags(Collection<String> tags) {
        return tags == null
                ? List.of()
                : tags.stream()
                        .map(String::strip)
                        .filter(t -> !t.isEmpty())
                        .distinct()
                        .toList();
    }

    /** The runner this token belongs to. */
    public Optional<Runner> authenticate(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        return runners.findByTokenDigest(Tokens.digest(token));
    }

    public boolean unregister(String token) {
        return token != null && runners.deleteByTokenDigest(Tokens.digest(token));
    }

    /** Remembers that the runner called, and what it said about itself. */
    public void recordContact(Runner runner, RunnerDetails details) {
        var now = clock.instant();
        boolean recent = runner.contactedAt() != null
                && runner.contactedAt().isAfter(now.minus(CONTACT_PRECISION))
                && details.matches(runner);
        if (!recent) {
            runners.recordContact(
                    runner.id(),
                    now,
                    details.version(),
                    details.revision(),
                    details.platform(),
                    details.architecture(),
                    details.executor(),
                    details.shell(),
                    details.ipAddress(),
                    details.terminal());
        }
    }

    public List<Runner> all() {
        return runners.all();
    }

    /**
     * What a runner reports about itself on each call.
     *
     * @param terminal what a job request shows about interactive terminals; null for calls that do not say
     */
    public record RunnerDetails(
            String version,
            String revision,
            String platform,
            String architecture,
            String executor,
            String shell,
            String ipAddress,
            TerminalSupport terminal) {

        boolean matches(Runner runner) {
            return Objects.equals(version, runner.version())
                    && Objects.equals(executor, runner.executor())
                    && Objects.equals(ipAddress, runner.ipAddress())
                    && (terminal == null || terminal == runner.terminalSupport());
        }
    }
}
