package dev.porthole.runner.config;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/**
 * Reads gitlab-runner's {@code config.toml}. A wrong value is an error naming the file, the line and the key; a key
 * this runner does not use is a warning, so that configurations written for gitlab-runner keep working.
 */
public final class ConfigLoader {
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
            "cache_dir",
            "environment",
            "limit",
            "output_limit",
            "docker",
            "token_obtained_at",
            "token_expires_at");
    private static final Set<String> RUNNER_IGNORED = Set.of(
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
            "wait_for_services_timeout");
    private static final Set<String> DOCKER_IGNORED = Set.of(
            "tls_verify",
            "tls_cert_path",
            "oom_kill_disable",
            "disable_entrypoint_overwrite",
            "helper_image",
            "allowed_images",
            "allowed_services",
            "allowed_pull_policies",
            "services_privileged",
            "cap_add",
            "cap_drop",
            "devices",
            "dns",
            "dns_search",
            "security_opt",
            "runtime",
            "memory_swap",
            "memory_reservation",
            "cpuset_cpus",
            "cpu_shares",
            "sysctls",
            "links",
            "cache_dir",
            "shm_size_services");
    private static final Set<String> PULL_POLICIES = Set.of("never", "if-not-present", "always");
    private static final Pattern MEMORY = Pattern.compile("(?i)\\s*(\\d+(?:\\.\\d+)?)\\s*([kmgt]?)(?:i?b)?\\s*");
    private static final Set<String> EXECUTORS = Set.of("shell", "docker");
    private static final Set<String> LOG_LEVELS = Set.of("debug", "info", "warn", "warning", "error", "fatal", "panic");

    /** A configuration with the warnings it gave. */
    public record Loaded(RunnerConfig config, List<String> warnings) {}

    private final String fileName;
    private final List<String> errors = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    private ConfigLoader(String fileName) {
        this.fileName = fileName;
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
        TomlParseResult root = Toml.parse(text);
        if (root.hasErrors()) {
            List<String> problems = new ArrayList<>();
            for (TomlParseError error : root.errors()) {
                problems.add(fileName + ":" + error.position().line() + ": not valid TOML: " + error.getMessage());
            }
            throw new ConfigException(problems);
        }
        var loader = new ConfigLoader(fileName);
        RunnerConfig config = loader.read(root);
        if (!loader.errors.isEmpty()) {
            throw new ConfigException(loader.errors);
        }
        return new Loaded(config, List.copyOf(loader.warnings));
    }

    /** A table and the name of the place it is at, for messages ({@code runners[0].docker}). */
    private record Place(TomlTable table, String name) {
        String keyName(String key) {
            return name.isEmpty() ? key : name + "." + key;
        }
    }

    private RunnerConfig read(TomlTable table) {
        Place root = new Place(table, "");
        checkKeys(root, GLOBAL_KEYS, GLOBAL_IGNORED);
        int concurrent = integer(root, "concurrent", RunnerConfig.DEFAULT_CONCURRENT, 1);
        int checkSeconds = integer(root, "check_interval", 0, 0);
        int shutdownSeconds = integer(root, "shutdown_timeout", 0, 0);
        String logLevel = string(root, "log_level").orElse("info");
        if (!LOG_LEVELS.contains(logLevel)) {
            error(root, "log_level", "\"" + logLevel + "\" is not one of debug, info, warn, error, fatal, panic");
        }
        Optional<SessionServerConfig> session = Optional.empty();
        if (table.contains("session_server")) {
            session = table.isTable("session_server")
                    ? sessionServer(new Place(table.getTable("session_server"), "session_server"))
                    : invalid(root, "session_server", "must be a table ([session_server])");
        }
        List<RunnerEntry> runners = new ArrayList<>();
        if (table.contains("runners")) {
            if (!table.isArray("runners")) {
                error(root, "runners", "must be an array of tables ([[runners]])");
            } else {
                TomlArray array = table.getArrayOrEmpty("runners");
                for (int i = 0; i < array.size(); i++) {
                    if (array.get(i) instanceof TomlTable runner) {
                        runner(new Place(runner, "runners[" + i + "]")).ifPresent(runners::add);
                    } else {
                        errors.add(fileName + ":" + array.inputPositionOf(i).line() + ": runners[" + i
                                + "]: each runner must be a table ([[runners]])");
                    }
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

    private <T> Optional<T> invalid(Place place, String key, String message) {
        error(place, key, message);
        return Optional.empty();
    }

    private Optional<SessionServerConfig> sessionServer(Place place) {
        checkKeys(place, SESSION_KEYS, Set.of());
        Optional<String> listen = string(place, "listen_address");
        Optional<String> advertise = string(place, "advertise_address").filter(a -> !a.isBlank());
        int timeout = integer(place, "session_timeout", 0, 0);
        if (listen.isEmpty() || listen.get().isBlank()) {
            warnings.add(fileName + ":" + line(place, null) + ": [session_server].listen_address is not defined, so"
                    + " terminals are off for every job");
            return Optional.empty();
        }
        boolean listenValid = checkAddress(place, "listen_address", listen.get(), true);
        if (listenValid) {
            checkResolvable(place, "listen_address", listen.get());
        }
        advertise.ifPresent(a -> {
            if (checkAddress(place, "advertise_address", a, false) && isWildcard(host(a))) {
                error(
                        place,
                        "advertise_address",
                        "\"" + a + "\" is a wildcard address, which the server cannot connect to; advertise this"
                                + " machine's name or address as the server sees it");
            }
        });
        return Optional.of(new SessionServerConfig(
                listen.get(),
                advertise.orElse(listen.get()),
                timeout == 0 ? SessionServerConfig.DEFAULT_SESSION_TIMEOUT : Duration.ofSeconds(timeout)));
    }

    /**
     * Checks a {@code host:port} address (IPv6 in brackets); a listen address may use port 0 (any free port). False,
     * with an error, when it is not one.
     */
    private boolean checkAddress(Place place, String key, String address, boolean anyPort) {
        if (address.contains("://")) {
            error(place, key, "\"" + address + "\" must be host:port without a scheme (https:// is implied)");
            return false;
        }
        int colon = address.lastIndexOf(':');
        String port = colon < 0 ? "" : address.substring(colon + 1);
        String host = colon < 0 ? address : address.substring(0, colon);
        int lowest = anyPort ? 0 : 1;
        if (!port.matches("\\d{1,5}") || Integer.parseInt(port) < lowest || Integer.parseInt(port) > 65535) {
            error(place, key, "\"" + address + "\" must end in a port between 1 and 65535 (host:port)");
            return false;
        }
        if (host.isEmpty()) {
            error(
                    place,
                    key,
                    "\"" + address + "\" needs a host before the port (for all interfaces: [::]:" + port + ")");
            return false;
        }
        if (host.startsWith("[") != host.endsWith("]") || !host.startsWith("[") && host.contains(":")) {
            error(
                    place,
                    key,
                    "\"" + address + "\" has an IPv6 address without brackets; write it as [" + unbracketed(host) + "]:"
                            + port);
            return false;
        }
        try {
            URI uri = new URI("https://" + address + "/");
            if (uri.getHost() == null) {
                error(place, key, "\"" + address + "\" is not a valid host:port");
                return false;
            }
        } catch (URISyntaxException e) {
            error(place, key, "\"" + address + "\" is not a valid host:port: " + e.getReason());
            return false;
        }
        return true;
    }

    private void checkResolvable(Place place, String key, String address) {
        String host = host(address);
        try {
            InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            error(
                    place,
                    key,
                    "\"" + address + "\": the host " + host + " does not resolve on this machine; listen on one of"
                            + " its addresses, or on [::]:" + address.substring(address.lastIndexOf(':') + 1)
                            + " for all of them");
        }
    }

    /** The host of a valid {@code host:port}, without IPv6 brackets. */
    private static String host(String address) {
        return unbracketed(address.substring(0, address.lastIndexOf(':')));
    }

    private static String unbracketed(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static boolean isWildcard(String host) {
        return host.equals("0.0.0.0") || host.matches("[0:]+") || host.equals("::");
    }

    private Optional<RunnerEntry> runner(Place place) {
        int errorsBefore = errors.size();
        TomlTable table = place.table();
        checkKeys(place, RUNNER_KEYS, RUNNER_IGNORED);
        String name = string(place, "name").orElse("");
        String url = required(place, "url");
        String token = required(place, "token");
        if (!url.isEmpty()) {
            checkUrl(place, url);
        }
        long id = integer(place, "id", 0, 0);
        String executor = string(place, "executor").orElse("");
        if (executor.isEmpty()) {
            error(place, "executor", "is missing; use \"shell\"");
        } else if (!EXECUTORS.contains(executor)) {
            error(place, "executor", "\"" + executor + "\" is not supported; use \"shell\" or \"docker\"");
        }
        String shell = string(place, "shell").orElse("bash");
        if (!shell.equals("bash") && !(executor.equals("docker") && shell.equals("sh"))) {
            error(place, "shell", "\"" + shell + "\" is not supported; the shell executor runs bash");
        }
        Path buildsDir = string(place, "builds_dir")
                .filter(s -> !s.isBlank())
                .map(Path::of)
                .orElse(null);
        Path cacheDir = string(place, "cache_dir")
                .filter(s -> !s.isBlank())
                .map(Path::of)
                .orElse(null);
        List<String> environment = new ArrayList<>();
        if (table.contains("environment")) {
            if (!table.isArray("environment")) {
                error(place, "environment", "must be an array of \"KEY=value\" strings");
            } else {
                TomlArray array = table.getArrayOrEmpty("environment");
                for (int i = 0; i < array.size(); i++) {
                    Object item = array.get(i);
                    if (item instanceof String text && text.matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
                        environment.add(text);
                    } else {
                        error(
                                place,
                                "environment",
                                "entry " + (i + 1) + " (" + item + ") is not a \"KEY=value\"" + " string");
                    }
                }
            }
        }
        int limit = integer(place, "limit", 0, 0);
        int outputLimitKb = integer(place, "output_limit", 0, 0);
        DockerSettings docker = DockerSettings.NONE;
        if (table.contains("docker")) {
            if (table.isTable("docker")) {
                docker = docker(new Place(table.getTable("docker"), place.keyName("docker")));
            } else {
                error(place, "docker", "must be a table ([runners.docker])");
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
                cacheDir,
                environment,
                limit,
                outputLimitKb == 0 ? RunnerEntry.DEFAULT_OUTPUT_LIMIT_BYTES : outputLimitKb * 1024L,
                docker));
    }

    private DockerSettings docker(Place place) {
        checkKeys(place, DOCKER_KEYS, DOCKER_IGNORED);
        String host = string(place, "host").filter(h -> !h.isBlank()).orElse(null);
        if (host != null && !host.matches("(unix|tcp|npipe|ssh)://.+")) {
            error(place, "host", "\"" + host + "\" must be unix:///path/to/docker.sock or tcp://host:port");
        }
        String image = string(place, "image").orElse(null);
        if (image != null && image.isBlank()) {
            error(place, "image", "must not be empty; name the image of jobs that name none, e.g. \"alpine:3\"");
            image = null;
        }
        List<String> pullPolicy = DockerSettings.DEFAULT_PULL_POLICY;
        if (place.table().contains(List.of("pull_policy"))) {
            Object value = place.table().get(List.of("pull_policy"));
            List<String> policies = value instanceof String one ? List.of(one) : strings(place, "pull_policy");
            for (String policy : policies) {
                if (!PULL_POLICIES.contains(policy)) {
                    error(
                            place,
                            "pull_policy",
                            "\"" + policy + "\" is not one of \"never\", \"if-not-present\", \"always\"");
                }
            }
            if (policies.isEmpty()) {
                error(place, "pull_policy", "must name at least one of \"never\", \"if-not-present\", \"always\"");
            }
            pullPolicy = policies;
        }
        List<String> volumes = strings(place, "volumes");
        for (String volume : volumes) {
            String[] parts = volume.split(":");
            boolean valid = switch (parts.length) {
                case 1 -> parts[0].startsWith("/");
                case 2 -> !parts[0].isEmpty() && parts[1].startsWith("/");
                case 3 -> !parts[0].isEmpty() && parts[1].startsWith("/") && parts[2].matches("[a-zA-Z,]+");
                default -> false;
            };
            if (!valid) {
                error(
                        place,
                        "volumes",
                        "\"" + volume + "\" must be /container/path (a volume) or /host/path:/container/path[:ro]"
                                + " (a bind mount)");
            }
        }
        boolean privileged = bool(place, "privileged");
        String networkMode =
                string(place, "network_mode").filter(n -> !n.isBlank()).orElse(null);
        String user = string(place, "user").filter(u -> !u.isBlank()).orElse(null);
        Long nanoCpus = null;
        Optional<String> cpus = string(place, "cpus").filter(c -> !c.isBlank());
        if (cpus.isPresent()) {
            try {
                double value = Double.parseDouble(cpus.get().strip());
                if (!(value > 0) || Double.isInfinite(value)) {
                    throw new NumberFormatException();
                }
                nanoCpus = Math.round(value * 1_000_000_000L);
            } catch (NumberFormatException e) {
                error(place, "cpus", "\"" + cpus.get() + "\" must be a positive number of CPUs, e.g. \"1.5\"");
            }
        }
        Long memory = string(place, "memory")
                .filter(m -> !m.isBlank())
                .map(m -> bytes(place, "memory", m))
                .orElse(null);
        Long shmSize = null;
        Object shm = place.table().get(List.of("shm_size"));
        if (shm instanceof Long number) {
            if (number < 0) {
                error(place, "shm_size", "must be a number of bytes of at least 0, not " + number);
            } else if (number > 0) {
                shmSize = number;
            }
        } else if (shm instanceof String text) {
            shmSize = bytes(place, "shm_size", text);
        } else if (shm != null) {
            error(place, "shm_size", "must be a number of bytes, not " + describe(shm));
        }
        List<String> extraHosts = strings(place, "extra_hosts");
        for (String extraHost : extraHosts) {
            int colon = extraHost.indexOf(':');
            if (colon < 1 || colon == extraHost.length() - 1) {
                error(place, "extra_hosts", "\"" + extraHost + "\" must be host:address, e.g. \"db.local:10.0.0.5\"");
            }
        }
        boolean disableCache = bool(place, "disable_cache");
        Object waitValue = place.table().get(List.of("wait_for_services_timeout"));
        Duration wait = DockerSettings.DEFAULT_WAIT_FOR_SERVICES;
        if (waitValue instanceof Long seconds) {
            wait = Duration.ofSeconds(Math.max(seconds, 0));
        } else if (waitValue != null) {
            error(place, "wait_for_services_timeout", "must be a whole number of seconds, not " + describe(waitValue));
        }
        return new DockerSettings(
                host,
                image,
                pullPolicy,
                volumes,
                privileged,
                networkMode,
                user,
                nanoCpus,
                memory,
                shmSize,
                extraHosts,
                disableCache,
                wait);
    }

    /** Docker's sizes: {@code 512m}, {@code 1g}, {@code 1.5GiB}, {@code 4096} (bytes); units are powers of 1024. */
    private Long bytes(Place place, String key, String text) {
        var matcher = MEMORY.matcher(text);
        if (!matcher.matches()) {
            error(place, key, "\"" + text + "\" must be a size such as \"512m\" or \"2g\"");
            return null;
        }
        int power = "bkmgt"
                .indexOf(matcher.group(2).isEmpty() ? "b" : matcher.group(2).toLowerCase());
        double value = Double.parseDouble(matcher.group(1)) * Math.pow(1024, power);
        if (value < 1 || value > Long.MAX_VALUE) {
            error(place, key, "\"" + text + "\" is out of range");
            return null;
        }
        return (long) value;
    }

    private boolean bool(Place place, String key) {
        Object value = place.table().get(List.of(key));
        if (value == null) {
            return false;
        }
        if (!(value instanceof Boolean flag)) {
            error(place, key, "must be true or false, not " + describe(value));
            return false;
        }
        return flag;
    }

    private List<String> strings(Place place, String key) {
        Object value = place.table().get(List.of(key));
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof TomlArray array)) {
            error(place, key, "must be an array of strings, not " + describe(value));
            return List.of();
        }
        List<String> result = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            if (array.get(i) instanceof String text) {
                result.add(text);
            } else {
                error(place, key, "entry " + (i + 1) + " (" + describe(array.get(i)) + ") must be a string");
            }
        }
        return result;
    }

    private void checkUrl(Place place, String url) {
        try {
            URI uri = new URI(url);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                error(place, "url", "\"" + url + "\" must be an http:// or https:// URL of the server");
            }
        } catch (URISyntaxException e) {
            error(place, "url", "\"" + url + "\" is not a URL: " + e.getReason());
        }
    }

    private void checkKeys(Place place, Set<String> known, Set<String> ignored) {
        for (String key : place.table().keySet()) {
            if (ignored.contains(key)) {
                warnings.add(location(place, key) + ": gitlab-runner's setting is not used by Porthole's runner");
            } else if (!known.contains(key)) {
                warnings.add(location(place, key) + ": unknown key, ignored");
            }
        }
    }

    private String required(Place place, String key) {
        if (!place.table().contains(List.of(key))) {
            error(place, null, place.keyName(key) + ": is missing");
            return "";
        }
        Optional<String> value = string(place, key);
        if (value.isPresent() && value.get().isBlank()) {
            error(place, key, "must not be empty");
        }
        return value.orElse("");
    }

    private Optional<String> string(Place place, String key) {
        Object value = place.table().get(List.of(key));
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String text)) {
            error(place, key, "must be a string, not " + describe(value));
            return Optional.empty();
        }
        return Optional.of(text);
    }

    private int integer(Place place, String key, int fallback, int min) {
        Object value = place.table().get(List.of(key));
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Long number) || number > Integer.MAX_VALUE || number < Integer.MIN_VALUE) {
            error(place, key, "must be a whole number, not " + describe(value));
            return fallback;
        }
        if (number < min) {
            error(place, key, "must be at least " + min + ", not " + number);
            return fallback;
        }
        return number.intValue();
    }

    private static String describe(Object value) {
        return value instanceof String text ? "\"" + text + "\"" : String.valueOf(value);
    }

    /** An error at a key; with a null key, at the table itself, the message naming what it is about. */
    private void error(Place place, String key, String message) {
        errors.add(
                key == null
                        ? fileName + ":" + line(place, null) + ": " + message
                        : location(place, key) + ": " + message);
    }

    private String location(Place place, String key) {
        return fileName + ":" + line(place, key) + ": " + place.keyName(key);
    }

    private static int line(Place place, String key) {
        if (key != null) {
            TomlPosition position = place.table().inputPositionOf(List.of(key));
            if (position != null) {
                return position.line();
            }
        }
        // A table's own position: where its first key is, which is its header's next line at the latest.
        return place.table().keySet().stream()
                .map(k -> place.table().inputPositionOf(List.of(k)))
                .filter(p -> p != null)
                .mapToInt(TomlPosition::line)
                .min()
                .orElse(1);
    }
}
