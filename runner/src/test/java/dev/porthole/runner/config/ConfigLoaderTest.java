package dev.porthole.runner.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    private static ConfigLoader.Loaded parse(String toml) throws ConfigException {
        return ConfigLoader.parse(toml, "config.toml");
    }

    private static List<String> problems(String toml) {
        try {
            parse(toml);
        } catch (ConfigException e) {
            return e.problems();
        }
        throw new AssertionError("expected the configuration to be refused");
    }

    @Test
    void readsAGitLabRunnerConfiguration() throws Exception {
        var loaded = parse("""
                concurrent = 4
                check_interval = 0
                log_level = "debug"

                [session_server]
                  listen_address = "[::]:8093"
                  advertise_address = "runner.example.com:8093"
                  session_timeout = 600

                [[runners]]
                  name = "box"
                  url = "https://ci.example.com"
                  id = 7
                  token = "glrt-abcdefghijkl"
                  token_obtained_at = 2026-01-01T00:00:00Z
                  token_expires_at = 0001-01-01T00:00:00Z
                  executor = "shell"
                  builds_dir = "/srv/builds"
                  environment = ["A=1", "B=two=2"]
                  limit = 2
                  output_limit = 8192
                """);
        RunnerConfig config = loaded.config();
        assertThat(loaded.warnings()).isEmpty();
        assertThat(config.concurrent()).isEqualTo(4);
        assertThat(config.checkInterval()).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.logLevel()).isEqualTo("debug");
        assertThat(config.shutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.sessionServer()).hasValueSatisfying(s -> {
            assertThat(s.listenAddress()).isEqualTo("[::]:8093");
            assertThat(s.advertiseAddress()).isEqualTo("runner.example.com:8093");
            assertThat(s.sessionTimeout()).isEqualTo(Duration.ofMinutes(10));
        });
        RunnerEntry runner = config.runners().get(0);
        assertThat(runner.name()).isEqualTo("box");
        assertThat(runner.id()).isEqualTo(7);
        assertThat(runner.shortToken()).isEqualTo("abcdefgh");
        assertThat(runner.buildsDir()).isEqualTo(Path.of("/srv/builds"));
        assertThat(runner.environment()).containsExactly("A=1", "B=two=2");
        assertThat(runner.limit()).isEqualTo(2);
        assertThat(runner.outputLimitBytes()).isEqualTo(8192L * 1024);
    }

    @Test
    void defaultsForAnEmptyFile() throws Exception {
        RunnerConfig config = parse("").config();
        assertThat(config.concurrent()).isEqualTo(1);
        assertThat(config.sessionServer()).isEmpty();
        assertThat(config.runners()).isEmpty();
    }

    @Test
    void theSessionServerIsOffWithoutAListenAddress() throws Exception {
        var loaded = parse("[session_server]\n  session_timeout = 10\n");
        assertThat(loaded.config().sessionServer()).isEmpty();
        assertThat(loaded.warnings()).singleElement().asString().contains("listen_address is not defined");
    }

    @Test
    void advertiseAddressDefaultsToTheListenAddress() throws Exception {
        var session = parse("[session_server]\nlisten_address = \"127.0.0.1:8093\"\n")
                .config()
                .sessionServer()
                .orElseThrow();
        assertThat(session.advertiseAddress()).isEqualTo("127.0.0.1:8093");
        assertThat(session.sessionTimeout()).isEqualTo(Duration.ofSeconds(1800));
    }

    @Test
    void unknownKeysAreWarningsWithTheirLine() throws Exception {
        var loaded = parse("""
                concurrent = 1
                log_format = "json"
                [[runners]]
                  name = "a"
                  url = "http://ci"
                  token = "t"
                  executor = "shell"
                  colour = "blue"
                """);
        assertThat(loaded.warnings())
                .containsExactly(
                        "config.toml:2: log_format: gitlab-runner's setting is not used by Porthole's runner",
                        "config.toml:8: runners[0].colour: unknown key, ignored");
    }

    @Test
    void wrongValuesNameTheFileTheLineAndTheKey() {
        assertThat(problems("""
                        concurrent = "four"
                        [[runners]]
                          name = "a"
                          url = "ftp://ci"
                          token = "t"
                          executor = "kubernetes"
                        [[runners]]
                          name = "b"
                          url = "http://ci"
                          executor = "shell"
                          limit = -1
                        """))
                .containsExactly(
                        "config.toml:1: concurrent: must be a whole number, not \"four\"",
                        "config.toml:4: runners[0].url: \"ftp://ci\" must be an http:// or https:// URL of the server",
                        "config.toml:6: runners[0].executor: \"kubernetes\" is not supported; use \"shell\" or \"docker\"",
                        "config.toml:8: runners[1].token: is missing",
                        "config.toml:11: runners[1].limit: must be at least 0, not -1");
    }

    @Test
    void readsRunnersDocker() throws Exception {
        var loaded = parse("""
                [[runners]]
                  name = "d"
                  url = "http://ci"
                  token = "t"
                  executor = "docker"
                  [runners.docker]
                    host = "unix:///run/docker.sock"
                    image = "alpine:3"
                    pull_policy = ["if-not-present", "always"]
                    volumes = ["/cache", "/srv/data:/data:ro"]
                    privileged = true
                    network_mode = "ci-net"
                    user = "1000"
                    cpus = "1.5"
                    memory = "512m"
                    shm_size = 67108864
                    extra_hosts = ["db.local:10.0.0.5"]
                    disable_cache = true
                    wait_for_services_timeout = 45
                    tls_verify = false
                """);
        assertThat(loaded.warnings())
                .containsExactly("config.toml:20: runners[0].docker.tls_verify: gitlab-runner's setting is not used by"
                        + " Porthole's runner");
        DockerSettings docker = loaded.config().runners().get(0).docker();
        assertThat(docker.host()).isEqualTo("unix:///run/docker.sock");
        assertThat(docker.image()).isEqualTo("alpine:3");
        assertThat(docker.pullPolicy()).containsExactly("if-not-present", "always");
        assertThat(docker.volumes()).containsExactly("/cache", "/srv/data:/data:ro");
        assertThat(docker.privileged()).isTrue();
        assertThat(docker.networkMode()).isEqualTo("ci-net");
        assertThat(docker.user()).isEqualTo("1000");
        assertThat(docker.nanoCpus()).isEqualTo(1_500_000_000L);
        assertThat(docker.memoryBytes()).isEqualTo(512L * 1024 * 1024);
        assertThat(docker.shmSizeBytes()).isEqualTo(64L * 1024 * 1024);
        assertThat(docker.extraHosts()).containsExactly("db.local:10.0.0.5");
        assertThat(docker.disableCache()).isTrue();
        assertThat(docker.waitForServicesTimeout()).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void withoutRunnersDockerTheDefaultsAreGitLabs() throws Exception {
        var loaded = parse("""
                [[runners]]
                  name = "d"
                  url = "http://ci"
                  token = "t"
                  executor = "docker"
                  [runners.docker]
                    pull_policy = "never"
                """);
        DockerSettings docker = loaded.config().runners().get(0).docker();
        assertThat(docker.pullPolicy()).containsExactly("never");
        assertThat(docker.image()).isNull();
        assertThat(docker.waitForServicesTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(parse("[[runners]]\nurl = \"http://ci\"\ntoken = \"t\"\nexecutor = \"shell\"\n")
                        .config()
                        .runners()
                        .get(0)
                        .docker())
                .isEqualTo(DockerSettings.NONE);
    }

    @Test
    void wrongDockerValuesNameTheKey() {
        assertThat(problems("""
                        [[runners]]
                          url = "http://ci"
                          token = "t"
                          executor = "docker"
                          [runners.docker]
                            image = ""
                            pull_policy = ["sometimes"]
                            volumes = ["relative/path", 7]
                            privileged = "yes"
                            cpus = "lots"
                            memory = "a lot"
                            shm_size = -1
                            extra_hosts = ["nocolon"]
                            host = "docker.sock"
                        """))
                .containsExactly(
                        "config.toml:14: runners[0].docker.host: \"docker.sock\" must be unix:///path/to/docker.sock or"
                                + " tcp://host:port",
                        "config.toml:6: runners[0].docker.image: must not be empty; name the image of jobs that name"
                                + " none, e.g. \"alpine:3\"",
                        "config.toml:7: runners[0].docker.pull_policy: \"sometimes\" is not one of \"never\","
                                + " \"if-not-present\", \"always\"",
                        "config.toml:8: runners[0].docker.volumes: entry 2 (7) must be a string",
                        "config.toml:8: runners[0].docker.volumes: \"relative/path\" must be /container/path (a"
                                + " volume) or /host/path:/container/path[:ro] (a bind mount)",
                        "config.toml:9: runners[0].docker.privileged: must be true or false, not \"yes\"",
                        "config.toml:10: runners[0].docker.cpus: \"lots\" must be a positive number of CPUs, e.g."
                                + " \"1.5\"",
                        "config.toml:11: runners[0].docker.memory: \"a lot\" must be a size such as \"512m\" or"
                                + " \"2g\"",
                        "config.toml:12: runners[0].docker.shm_size: must be a number of bytes of at least 0, not -1",
                        "config.toml:13: runners[0].docker.extra_hosts: \"nocolon\" must be host:address, e.g."
                                + " \"db.local:10.0.0.5\"");
    }

    @Test
    void anAdvertiseAddressWithASchemeIsRefused() {
        assertThat(problems(
                        "[session_server]\nlisten_address = \"[::]:8093\"\nadvertise_address = \"https://r:8093\"\n"))
                .containsExactly("config.toml:3: session_server.advertise_address: \"https://r:8093\" must be host:port"
                        + " without a scheme (https:// is implied)");
    }

    @Test
    void aListenAddressWithoutAPortIsRefused() {
        assertThat(problems("[session_server]\nlisten_address = \"0.0.0.0\"\n"))
                .singleElement()
                .asString()
                .contains("listen_address")
                .contains("port between 1 and 65535");
    }

    @Test
    void listenAddressesInEveryUsualForm() throws Exception {
        for (String listen : List.of("[::]:8093", "0.0.0.0:8093", "127.0.0.1:0", "[::1]:8093", "localhost:8093")) {
            var session = parse("[session_server]\nlisten_address = \"" + listen + "\"\n")
                    .config()
                    .sessionServer()
                    .orElseThrow();
            assertThat(session.listenAddress()).isEqualTo(listen);
            assertThat(session.advertiseAddress()).isEqualTo(listen);
        }
    }

    @Test
    void aBadPortIsRefusedNamingTheKey() {
        assertThat(problems("[session_server]\nlisten_address = \"[::]:8093\"\nadvertise_address = \"r:0\"\n"))
                .containsExactly("config.toml:3: session_server.advertise_address: \"r:0\" must end in a port between 1"
                        + " and 65535 (host:port)");
        assertThat(problems("[session_server]\nlisten_address = \"[::]:70000\"\n"))
                .singleElement()
                .asString()
                .startsWith("config.toml:2: session_server.listen_address: \"[::]:70000\" must end in a port");
        assertThat(problems("[session_server]\nlisten_address = \"[::]:http\"\n"))
                .singleElement()
                .asString()
                .contains("session_server.listen_address");
    }

    @Test
    void anUnresolvableListenAddressIsRefusedNamingTheKey() {
        assertThat(problems("[session_server]\nlisten_address = \"no-such-host.invalid:8093\"\n"))
                .containsExactly("config.toml:2: session_server.listen_address: \"no-such-host.invalid:8093\": the host"
                        + " no-such-host.invalid does not resolve on this machine; listen on one of its addresses, or on"
                        + " [::]:8093 for all of them");
    }

    @Test
    void anIpv6AddressNeedsBrackets() {
        assertThat(problems("[session_server]\nlisten_address = \"::1:8093\"\n"))
                .containsExactly("config.toml:2: session_server.listen_address: \"::1:8093\" has an IPv6 address"
                        + " without brackets; write it as [::1]:8093");
    }

    @Test
    void aWildcardAdvertiseAddressIsRefused() {
        assertThat(problems("[session_server]\nlisten_address = \"[::]:8093\"\nadvertise_address = \"0.0.0.0:8093\"\n"))
                .singleElement()
                .asString()
                .startsWith("config.toml:3: session_server.advertise_address: \"0.0.0.0:8093\" is a wildcard address");
    }

    @Test
    void anAdvertiseAddressNeedNotResolveHere() throws Exception {
        var session = parse("""
                        [session_server]
                        listen_address = "[::]:8093"
                        advertise_address = "runner.behind-nat.invalid:443"
                        """).config().sessionServer().orElseThrow();
        assertThat(session.advertiseAddress()).isEqualTo("runner.behind-nat.invalid:443");
    }

    @Test
    void invalidTomlIsRefusedWithItsLine() {
        assertThat(problems("concurrent = 1\n[[runners]\nname = \"x\"\n"))
                .singleElement()
                .asString()
                .startsWith("config.toml:2: not valid TOML: Unexpected ']'");
    }

    @Test
    void aKeyGivenTwiceIsRefused() {
        assertThat(problems("concurrent = 1\nconcurrent = 2\n"))
                .singleElement()
                .asString()
                .startsWith("config.toml:2: not valid TOML");
    }

    @Test
    void aMissingFileSaysHowToCreateIt(@TempDir Path dir) {
        assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("config.toml")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("no such file")
                .hasMessageContaining("porthole runner register");
    }

    @Test
    void readsAFileFromDisk(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("config.toml"), "concurrent = 3\n");
        assertThat(ConfigLoader.load(file).config().concurrent()).isEqualTo(3);
    }
}
