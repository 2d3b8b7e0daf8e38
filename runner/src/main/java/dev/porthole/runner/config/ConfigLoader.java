package dev.porthole.runner.config;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.toml.TomlMapper;

/**
 * Reads gitlab-runner's {@code config.toml}. A wrong value is an error naming the file, the line and the key; a key
 * this runner does not use is a warning, so that configurations written for gitlab-runner keep working.
 */
public final class ConfigLoader {
    private static final TomlMapper TOML = new TomlMapper();

    private static final Set<String> GLOBAL_KEYS =
            Set.of("concurrent", "check_interval", "log_level", "shutdown_timeout", "session_server", "runners");
    private static final Set<String> GLOBAL_IGNORED =
            Set.of("log_format", "listen_address", "sentry_dsn", "connection_max_age", "user");
    private static final Set<String> SESSION_KEYS = Set.of("listen_address", "advertise_address", "session_timeout");
    private static final Set<String> RUNNER_KEYS = Set.of(
            "name",
            "url",
            "token",
            "id",
            "executor",
            "shell",
            "builds_dir",
            "environment",
            "limit",
            "output_limit",
            "docker",
            "token_obtained_at",
            "token_expires_at");
    private static final Set<String> RUNNER_IGNORED = Set.of(
            "cache_dir",
            "request_concurrency",
            "clone_url",
            "tls-ca-file",
            "tls-cert-file",
            "tls-key-file",
            "pre_get_sources_script",
            "post_get_sources_script",
            "pre_build_script",
            "post_build_script",
            "debug_trace_disabled",
            "unhealthy_requests_limit",
            "unhealthy_interval",
            "cache",
            "custom_build_dir",
            "feature_flags",
            "referees");
    private static final Set<String> DOCKER_KEYS = Set.of(
            "host",
            "image",
            "pull_policy",
            "volumes",
            "privileged",
            "network_mode",
            "user",
            "cpus",
            "memory",
            "shm_size",
            "extra_hosts",
            "disable_cache",
            "tls_verify",
            "oom_kill_disable",
            "disable_entrypoint_overwrite",
            "helper_image",
            "allowed_images",
            "allowed_services",
            "wait_for_services_timeout");
    private static final Set<String> EXECUTORS = Set.of("shell", "docker");
    private static final Set<String> LOG_LEVELS = Set.of("debug", "info", "warn", "warning", "error", "fatal", "panic");

    /** A configuration with the warnings it gave. */
    public record Loaded(RunnerConfig config, List<String> warnings) {}

    private final String fileName;
    private final Map<String, Integer> lines;
    private final List<String> errors = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    private ConfigLoader(String fileName, Map<String, Integer> lines) {
        this.fileName = fileName;
        this.lines = lines;
    }

    public static Loaded load(Path file) throws ConfigException {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(file + ": no such file; create it with `porthole runner register`");
        }
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read it: " + e.getMessage());
        }
    }

    public static Loaded parse(String text, String fileName) throws ConfigException {
        JsonNode root;
        Map<String, Integer> lines;
        try {
            lines = keyLines(text);
            root = TOML.readTree(text);
        } catch (JacksonException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            String message = e.getOriginalMessage();
            throw new ConfigException(fileName + (line > 0 ? ":" + line : "") + ": not valid TOML: " + message);
        }
        var loader = new ConfigLoader(fileName, lines);
        RunnerConfig config = loader.read(root == null || root.isMissingNode() ? TOML.createObjectNode() : root);
        if (!loader.errors.isEmpty()) {
            throw new ConfigException(loader.errors);
        }
        return new Loaded(config, List.copyOf(loader.warnings));
    }

    /** The line each key is on, by JSON pointer ({@code /runners/0/executor}). */
    private static Map<String, Integer> keyLines(String text) {
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser parser = TOML.createParser(text)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.PROPERTY_NAME || token == JsonToken.START_OBJECT) {
                    String pointer = parser.streamReadContext().pathAsPointer().toString();
                    lines.putIfAbsent(pointer, parser.currentTokenLocation().getLineNr());
                }
            }
        }
        return lines;
    }

    private RunnerConfig read(JsonNode root) {
        checkKeys(root, "", GLOBAL_KEYS, GLOBAL_IGNORED);
        int concurrent = integer(root, "", "concurrent", RunnerConfig.DEFAULT_CONCURRENT, 1);
        int checkSeconds = integer(root, "", "check_interval", 0, 0);
        int shutdownSeconds = integer(root, "", "shutdown_timeout", 0, 0);
        String logLevel = string(root, "", "log_level").orElse("info");
        if (!LOG_LEVELS.contains(logLevel)) {
            error("", "log_level", "\"" + logLevel + "\" is not one of debug, info, warn, error, fatal, panic");
        }
        Optional<SessionServerConfig> session = Optional.empty();
        if (root.has("session_server")) {
            session = sessionServer(root.get("session_server"));
        }
        List<RunnerEntry> runners = new ArrayList<>();
        JsonNode runnersNode = root.get("runners");
        if (runnersNode != null) {
            if (!runnersNode.isArray()) {
                error("", "runners", "must be an array of tables ([[runners]])");
            } else {
                for (int i = 0; i < runnersNode.size(); i++) {
                    runner(runnersNode.get(i), "/runners/" + i).ifPresent(runners::add);
                }
            }
        }
        return new RunnerConfig(
                concurrent,
                checkSeconds == 0 ? RunnerConfig.DEFAULT_CHECK_INTERVAL : Duration.ofSeconds(checkSeconds),
                logLevel,
                shutdownSeconds == 0 ? RunnerConfig.DEFAULT_SHUTDOWN_TIMEOUT : Duration.ofSeconds(shutdownSeconds),
                session,
                runners);
    }

    private Optional<SessionServerConfig> sessionServer(JsonNode node) {
        String at = "/session_server";
        if (!node.isObject()) {
            error("", "session_server", "must be a table ([session_server])");
            return Optional.empty();
        }
        checkKeys(node, at, SESSION_KEYS, Set.of());
        Optional<String> listen = string(node, at, "listen_address");
        Optional<String> advertise = string(node, at, "advertise_address");
        int timeout = integer(node, at, "session_timeout", 0, 0);
        if (listen.isEmpty() || listen.get().isBlank()) {
            warnings.add(fileName + ":" + lineOf(at) + ": [session_server].listen_address is not defined, so"
                    + " terminals are off for every job");
            return Optional.empty();
        }
        checkAddress(at, "listen_address", listen.get());
        advertise.filter(a -> !a.isBlank()).ifPresent(a -> checkAddress(at, "advertise_address", a));
        return Optional.of(new SessionServerConfig(
                listen.get(),
                advertise.filter(a -> !a.isBlank()).orElse(listen.get()),
                timeout == 0 ? SessionServerConfig.DEFAULT_SESSION_TIMEOUT : Duration.ofSeconds(timeout)));
    }

    private void checkAddress(String at, String key, String address) {
        if (address.contains("://")) {
            error(at, key, "\"" + address + "\" must be host:port without a scheme (https:// is implied)");
            return;
        }
        int colon = address.lastIndexOf(':');
        String port = colon < 0 ? "" : address.substring(colon + 1);
        String host = colon < 0 ? address : address.substring(0, colon);
        if (!port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
            error(at, key, "\"" + address + "\" must end in a port between 1 and 65535 (host:port)");
        } else if (host.isEmpty()) {
            error(at, key, "\"" + address + "\" needs a host before the port (for all interfaces: [::]:" + port + ")");
        }
    }

    private Optional<RunnerEntry> runner(JsonNode node, String at) {
        if (!node.isObject()) {
            error(at, "", "each runner must be a table ([[runners]])");
            return Optional.empty();
        }
        int errorsBefore = errors.size();
        checkKeys(node, at, RUNNER_KEYS, RUNNER_IGNORED);
        String name = string(node, at, "name").orElse("");
        String url = required(node, at, "url");
        String token = required(node, at, "token");
        if (!url.isEmpty()) {
            checkUrl(at, url);
        }
        long id = integer(node, at, "id", 0, 0);
        String executor = string(node, at, "executor").orElse("");
        if (executor.isEmpty()) {
            error(at, "executor", "is missing; use \"shell\"");
        } else if (!EXECUTORS.contains(executor)) {
            error(at, "executor", "\"" + executor + "\" is not supported; use \"shell\"");
        } else if (executor.equals("docker")) {
            error(
                    at,
                    "executor",
                    "\"docker\" is not available in this version of Porthole's runner yet; use \"shell\"");
        }
        String shell = string(node, at, "shell").orElse("bash");
        if (!shell.equals("bash")) {
            error(at, "shell", "\"" + shell + "\" is not supported; the shell executor runs bash");
        }
        Path buildsDir = string(node, at, "builds_dir")
                .filter(s -> !s.isBlank())
                .map(Path::of)
                .orElse(null);
        List<String> environment = new ArrayList<>();
        JsonNode env = node.get("environment");
        if (env != null) {
            if (!env.isArray()) {
                error(at, "environment", "must be an array of \"KEY=value\" strings");
            } else {
                for (JsonNode item : env) {
                    if (!item.isString() || !item.stringValue().matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
                        error(at, "environment", "entry " + item + " is not a \"KEY=value\" string");
                    } else {
                        environment.add(item.stringValue());
                    }
                }
            }
        }
        int limit = integer(node, at, "limit", 0, 0);
        int outputLimitKb = integer(node, at, "output_limit", 0, 0);
        Map<String, Object> docker = new LinkedHashMap<>();
        if (node.has("docker")) {
            JsonNode dockerNode = node.get("docker");
            if (!dockerNode.isObject()) {
                error(at, "docker", "must be a table ([runners.docker])");
            } else {
                checkKeys(dockerNode, at + "/docker", DOCKER_KEYS, Set.of());
                docker.putAll(TOML.convertValue(dockerNode, Map.class));
            }
        }
        if (errors.size() > errorsBefore) {
            return Optional.empty();
        }
        return Optional.of(new RunnerEntry(
                name,
                url,
                token,
                id,
                executor,
                shell,
                buildsDir,
                environment,
                limit,
                outputLimitKb == 0 ? RunnerEntry.DEFAULT_OUTPUT_LIMIT_BYTES : outputLimitKb * 1024L,
                docker));
    }

    private void checkUrl(String at, String url) {
        try {
            URI uri = new URI(url);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                error(at, "url", "\"" + url + "\" must be an http:// or https:// URL of the server");
            }
        } catch (URISyntaxException e) {
            error(at, "url", "\"" + url + "\" is not a URL: " + e.getReason());
        }
    }

    private void checkKeys(JsonNode node, String at, Set<String> known, Set<String> ignored) {
        for (String key : node.propertyNames()) {
            if (ignored.contains(key)) {
                warnings.add(location(at, key) + ": gitlab-runner's setting is not used by Porthole's runner");
            } else if (!known.contains(key)) {
                warnings.add(location(at, key) + ": unknown key, ignored");
            }
        }
    }

    private String required(JsonNode node, String at, String key) {
        Optional<String> value = string(node, at, key);
        if (value.isEmpty() || value.get().isBlank()) {
            if (value.isEmpty() && !node.has(key)) {
                error(at, key, "is missing");
            } else if (value.isPresent()) {
                error(at, key, "must not be empty");
            }
            return "";
        }
        return value.get();
    }

    private Optional<String> string(JsonNode node, String at, String key) {
        JsonNode value = node.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isString()) {
            error(at, key, "must be a string, not " + value);
            return Optional.empty();
        }
        return Optional.of(value.stringValue());
    }

    private int integer(JsonNode node, String at, String key, int fallback, int min) {
        JsonNode value = node.get(key);
        if (value == null) {
            return fallback;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            error(at, key, "must be a whole number, not " + value);
            return fallback;
        }
        if (value.intValue() < min) {
            error(at, key, "must be at least " + min + ", not " + value.intValue());
            return fallback;
        }
        return value.intValue();
    }

    private void error(String at, String key, String message) {
        errors.add(location(at, key) + ": " + message);
    }

    private String location(String at, String key) {
        String pointer = key.isEmpty() ? at : at + "/" + key;
        return fileName + ":" + lineOf(pointer) + ": " + keyName(pointer);
    }

    private int lineOf(String pointer) {
        String p = pointer;
        while (!p.isEmpty()) {
            Integer line = lines.get(p);
            if (line != null) {
                return line;
            }
            p = p.substring(0, p.lastIndexOf('/'));
        }
        return 1;
    }

    /** {@code /runners/0/docker/image} as {@code runners[0].docker.image}. */
    private static String keyName(String pointer) {
        StringBuilder name = new StringBuilder();
        for (String part : pointer.substring(pointer.isEmpty() ? 0 : 1).split("/")) {
            if (part.matches("\\d+")) {
                name.append('[').append(part).append(']');
            } else if (!part.isEmpty()) {
                name.append(name.isEmpty() ? "" : ".").append(part);
            }
        }
        return name.toString();
    }
}
