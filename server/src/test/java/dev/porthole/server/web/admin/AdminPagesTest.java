package dev.porthole.server.web.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porthole.server.app.ServerTestSupport;
import dev.porthole.server.app.WebSession;
import dev.porthole.server.audit.AuditEvent;
import dev.porthole.server.audit.AuditLog;
import dev.porthole.server.outbound.OutboundPolicy;
import dev.porthole.server.outbound.OutboundSettings;
import dev.porthole.server.runner.Runner;
import dev.porthole.server.runner.RunnerService.RunnerOptions;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;

/** The admin area as administrators, other users and anonymous visitors see it. */
class AdminPagesTest extends ServerTestSupport {
    private static final Pattern TOKEN = Pattern.compile("data-testid=\"runner-token\">([^<]+)<");
    private static final Pattern REGISTER = Pattern.compile("/admin/runners/(\\d+)/register$");
    private static final String ALLOW_LOCAL = NetworkSettingsPage.ALLOW_LOCAL_FIELD;
    private static final String ALLOWLIST = NetworkSettingsPage.ALLOWLIST_FIELD;

    @Autowired
    AuditLog audit;

    @Autowired
    OutboundSettings outbound;

    private Account admin;
    private WebSession session;

    @BeforeEach
    void signInAsAdmin() {
        admin = newUser(true);
        session = signedIn(admin);
    }

    private static String location(HttpResponse<?> response) {
        return response.headers().firstValue("Location").orElse("");
    }

    private List<AuditEvent> eventsFor(String target) {
        return audit.page(1, 100).stream()
                .filter(e -> e.target().equals(target))
                .toList();
    }

    private Runner newRunner(String description) {
        return runners.createByAdmin(
                        new RunnerOptions(description, List.of("t"), true, false, false, null),
                        admin.user().id())
                .runner();
    }

    @Nested
    class Access {
        @ParameterizedTest
        @ValueSource(
                strings = {
                    "/admin",
                    "/admin/runners",
                    "/admin/runners/new",
                    "/admin/application_settings/network",
                    "/admin/audit_log"
                })
        void anonymousVisitorsAreSentToSignIn(String path) {
            var answer = anonymousVisitor().get(path);
            assertThat(answer.statusCode()).isEqualTo(302);
            assertThat(location(answer)).endsWith("/users/sign_in");
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "/admin",
                    "/admin/runners",
                    "/admin/runners/new",
                    "/admin/application_settings/network",
                    "/admin/audit_log"
                })
        void otherUsersSeeNothingThere(String path) {
            var answer = signedIn(newUser(false)).get(path);
            assertThat(answer.statusCode()).isEqualTo(404);
            assertThat(answer.body()).contains("Page not found").doesNotContain("admin-nav");
        }

        @Test
        void otherUsersCannotChangeAnything() {
            Runner runner = newRunner("kept");
            var user = signedIn(newUser(false));
            user.get("/");
            assertThat(user.post("/admin/runners/" + runner.id() + "/delete", Map.of())
                            .statusCode())
                    .isEqualTo(404);
            assertThat(user.post("/admin/runners/" + runner.id() + "/pause", Map.of())
                            .statusCode())
                    .isEqualTo(404);
            assertThat(user.post("/admin/runners/" + runner.id() + "/reset_token", Map.of())
                            .statusCode())
                    .isEqualTo(404);
            assertThat(user.post("/admin/runners", Map.of("runner[run_untagged]", "1"))
                            .statusCode())
                    .isEqualTo(404);
            assertThat(user.post("/admin/application_settings/network", Map.of(ALLOW_LOCAL, "1"))
                            .statusCode())
                    .isEqualTo(404);
            assertThat(runners.find(runner.id()))
                    .hasValueSatisfying(r -> assertThat(r.paused()).isFalse());
            assertThat(eventsFor("Runner #" + runner.id())).hasSize(1); // its creation only
        }

        @Test
        void formsWithoutTheCsrfTokenAreRefused() {
            Runner runner = newRunner("csrf");
            session.get("/admin/runners");
            assertThat(session.postRaw("/admin/runners/" + runner.id() + "/delete", Map.of())
                            .statusCode())
                    .isEqualTo(403);
            assertThat(session.postRaw("/admin/application_settings/network", Map.of(ALLOW_LOCAL, "1"))
                            .statusCode())
                    .isEqualTo(403);
            assertThat(runners.find(runner.id())).isPresent();
        }

        @Test
        void theNavigationLeadsToEveryAdminPage() {
            String page = session.get("/admin").body();
            assertThat(page)
                    .contains("data-testid=\"admin-nav\"")
                    .contains("href=\"/admin\"")
                    .contains("href=\"/admin/users\"")
                    .contains("href=\"/admin/runners\"")
                    .contains("href=\"/admin/application_settings/network\"")
                    .contains("href=\"/admin/audit_log\"");
        }
    }

    @Nested
    class Dashboard {
        @Test
        void countsWhatTheInstanceHas() {
            long users = accounts.userCount();
            Runner online = newRunner("online box");
            runners.recordContact(
                    online,
                    new dev.porthole.server.runner.RunnerService.RunnerDetails(
                            "17.0.0", "abc", "linux", "amd64", "shell", "bash", "10.0.0.7", null));
            long onlineCount = runners.all().stream()
                    .filter(r -> r.online(java.time.Instant.now()))
                    .count();
            var answer = session.get("/admin");
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body())
                    .contains("<title>Overview · Admin · Porthole</title>")
                    .containsPattern("data-testid=\"stat-users\">\\s*<div class=\"value\">" + users + "<")
                    .containsPattern(
                            "data-testid=\"stat-runners-online\">\\s*<div class=\"value\">" + onlineCount + "<")
                    .contains("Jobs running")
                    .contains("Jobs pending")
                    .contains("Pipelines");
        }
    }

    @Nested
    class Runners {
        @Test
        void anAdministratorCreatesARunnerAndSeesItsTokenOnce() {
            var created = session.post(
                    "/admin/runners",
                    Map.of(
                            "runner[description]", "rack 3",
                            "runner[tag_list]", "linux, docker ,linux",
                            "runner[run_untagged]", "1",
                            "runner[maximum_timeout]", "3600"));
            assertThat(created.statusCode()).isEqualTo(302);
            Matcher id = REGISTER.matcher(location(created));
            assertThat(id.find()).as(location(created)).isTrue();
            long runnerId = Long.parseLong(id.group(1));

            String page =
                    session.get("/admin/runners/" + runnerId + "/register").body();
            Matcher token = TOKEN.matcher(page);
            assertThat(token.find()).isTrue();
            assertThat(token.group(1)).startsWith("glrt-");
            assertThat(page)
                    .contains("./porthole runner register --url " + url("").replace("127.0.0.1", "localhost")
                            + " --token " + token.group(1))
                    .contains("id = " + runnerId)
                    .contains("token = \"" + token.group(1) + "\"")
                    .contains("Runner #" + runnerId + " created.");
            Runner runner = runners.authenticate(token.group(1)).orElseThrow();
            assertThat(runner.id()).isEqualTo(runnerId);
            assertThat(runner.tags()).containsExactly("linux", "docker");
            assertThat(runner.runUntagged()).isTrue();
            assertThat(runner.maximumTimeout()).isEqualTo(3600);
            assertThat(runner.paused()).isFalse();

            // Shown once: the token is stored as a digest only.
            String again =
                    session.get("/admin/runners/" + runnerId + "/register").body();
            assertThat(again).doesNotContain(token.group(1)).contains("no longer shown");

            List<AuditEvent> events = eventsFor("Runner #" + runnerId);
            assertThat(events).singleElement().satisfies(e -> {
                assertThat(e.action()).isEqualTo("Created runner");
                assertThat(e.authorName()).isEqualTo(admin.user().username());
                assertThat(e.newValue()).contains("rack 3").contains("linux, docker");
                assertThat(e.newValue()).doesNotContain(token.group(1));
            });
        }

        @Test
        void aPausedRunnerCanBeCreated() {
            var created = session.post("/admin/runners", Map.of("runner[tag_list]", "gpu", "runner[paused]", "1"));
            Matcher id = REGISTER.matcher(location(created));
            assertThat(id.find()).isTrue();
            assertThat(runners.find(Long.parseLong(id.group(1)))).hasValueSatisfying(r -> {
                assertThat(r.paused()).isTrue();
                assertThat(r.runUntagged()).isFalse();
                assertThat(r.maximumTimeout()).isNull();
            });
        }

        @Test
        void invalidFieldsAreExplainedAndNothingIsCreated() {
            int before = runners.all().size();
            var answer = session.post(
                    "/admin/runners", Map.of("runner[description]", "keep me", "runner[maximum_timeout]", "100"));
            assertThat(answer.statusCode()).isEqualTo(422);
            assertThat(answer.body())
                    .contains("The runner was not created")
                    .contains("data-testid=\"error-tag_list\"")
                    .contains("at least one tag")
                    .contains("data-testid=\"error-maximum_timeout\"")
                    .contains("from 600 seconds")
                    .contains("value=\"keep me\"");
            var words = session.post(
                    "/admin/runners", Map.of("runner[run_untagged]", "1", "runner[maximum_timeout]", "an hour"));
            assertThat(words.statusCode()).isEqualTo(422);
            assertThat(words.body()).contains("whole number of seconds");
            assertThat(runners.all()).hasSize(before);
        }

        @Test
        void theListShowsWhatEachRunnerSaid() {
            Runner runner = newRunner("described <b>box</b>");
            runners.recordContact(
                    runner,
                    new dev.porthole.server.runner.RunnerService.RunnerDetails(
                            "17.2.0",
                            "abc",
                            "linux",
                            "arm64",
                            "docker",
                            "bash",
                            "10.1.2.3",
                            dev.porthole.server.runner.TerminalSupport.OFFERED));
            String page = session.get("/admin/runners").body();
            String row = page.substring(page.indexOf("data-testid=\"runner-" + runner.id() + "\""));
            row = row.substring(0, row.indexOf("</li>"));
            assertThat(row)
                    .contains("Online")
                    .contains("described &lt;b&gt;box&lt;/b&gt;")
                    .contains("17.2.0")
                    .contains("docker")
                    .contains("linux/arm64")
                    .contains("10.1.2.3")
                    .contains(">Offered<")
                    .contains("<time datetime=");
            assertThat(page)
                    .contains("data-testid=\"registration-token\">" + runners.registrationToken() + "<")
                    .contains("--registration-token");
        }

        @Test
        void aRunnerThatNeverCalledSaysSo() {
            Runner runner = newRunner("silent");
            String page = session.get("/admin/runners").body();
            String row = page.substring(page.indexOf("data-testid=\"runner-" + runner.id() + "\""));
            row = row.substring(0, row.indexOf("</li>"));
            assertThat(row).contains("Never contacted").contains("data-runner-status=\"never_contacted\"");
        }

        @Test
        void pauseAndResumeAreRecorded() {
            Runner runner = newRunner("pausable");
            session.get("/admin/runners");
            var paused = session.post("/admin/runners/" + runner.id() + "/pause", Map.of());
            assertThat(paused.statusCode()).isEqualTo(302);
            assertThat(location(paused)).endsWith("/admin/runners");
            assertThat(runners.find(runner.id()).orElseThrow().paused()).isTrue();
            assertThat(session.get("/admin/runners").body()).contains("Runner #" + runner.id() + " paused");

            session.post("/admin/runners/" + runner.id() + "/resume", Map.of());
            assertThat(runners.find(runner.id()).orElseThrow().paused()).isFalse();
            assertThat(eventsFor("Runner #" + runner.id()))
                    .extracting(AuditEvent::action)
                    .containsExactly("Resumed runner", "Paused runner", "Created runner");
        }

        @Test
        void resettingATokenShowsTheNewOneOnceAndTheOldOneStopsWorking() {
            var registered = runners.createByAdmin(
                    new RunnerOptions("reset me", List.of("t"), true, false, false, null),
                    admin.user().id());
            session.get("/admin/runners");
            var answer = session.post("/admin/runners/" + registered.runner().id() + "/reset_token", Map.of());
            assertThat(location(answer))
                    .endsWith("/admin/runners/" + registered.runner().id() + "/register");
            Matcher token = TOKEN.matcher(
                    session.get("/admin/runners/" + registered.runner().id() + "/register")
                            .body());
            assertThat(token.find()).isTrue();
            assertThat(token.group(1)).startsWith("glrt-").isNotEqualTo(registered.token());
            assertThat(runners.authenticate(registered.token())).isEmpty();
            assertThat(runners.authenticate(token.group(1))).isPresent();
            assertThat(eventsFor("Runner #" + registered.runner().id())).first().satisfies(e -> {
                assertThat(e.action()).isEqualTo("Reset runner token");
                assertThat(e.newValue()).doesNotContain(token.group(1));
            });
        }

        @Test
        void deletingARunnerRemovesItAndIsRecorded() {
            Runner runner = newRunner("doomed");
            session.get("/admin/runners");
            var answer = session.post("/admin/runners/" + runner.id() + "/delete", Map.of());
            assertThat(answer.statusCode()).isEqualTo(302);
            assertThat(runners.find(runner.id())).isEmpty();
            assertThat(eventsFor("Runner #" + runner.id())).first().satisfies(e -> {
                assertThat(e.action()).isEqualTo("Deleted runner");
                assertThat(e.oldValue()).contains("doomed");
            });
            assertThat(session.post("/admin/runners/" + runner.id() + "/delete", Map.of())
                            .statusCode())
                    .isEqualTo(404);
        }

        @Test
        void theRegistrationTokenCanBeReset() {
            String before = runners.registrationToken();
            session.get("/admin/runners");
            session.post("/admin/runners/reset_registration_token", Map.of());
            assertThat(runners.registrationToken()).isNotEqualTo(before);
            assertThat(session.get("/admin/runners").body()).contains(runners.registrationToken());
            assertThat(eventsFor("Runner registration token")).isNotEmpty();
        }
    }

    @Nested
    class Network {
        @BeforeEach
        void defaults() {
            outbound.update(OutboundPolicy.DEFAULT, admin.user().id());
        }

        @Test
        void theFormExplainsWhatItGoverns() {
            var answer = session.get("/admin/application_settings/network");
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body())
                    .contains("Outbound requests")
                    .contains("Allow requests to the local network from webhooks and integrations")
                    .contains("Local IP addresses and domain names that hooks and integrations can access")
                    .contains("interactive terminal sessions of runners")
                    .contains("name=\"" + ALLOW_LOCAL + "\"")
                    .contains("name=\"" + ALLOWLIST + "\"");
        }

        @Test
        void savingChangesBothSettingsAndRecordsWhoDidIt() {
            session.get("/admin/application_settings/network");
            var answer = session.post(
                    "/admin/application_settings/network",
                    Map.of(ALLOW_LOCAL, "1", ALLOWLIST, "10.0.0.0/8\r\nrunner.internal:8093, [::1]:8093\n"));
            assertThat(answer.statusCode()).isEqualTo(302);
            assertThat(location(answer)).endsWith("/admin/application_settings/network");
            OutboundPolicy saved = outbound.current();
            assertThat(saved.allowLocal()).isTrue();
            assertThat(saved.allowlistText()).containsExactly("10.0.0.0/8", "runner.internal:8093", "[::1]:8093");
            String page = session.get("/admin/application_settings/network").body();
            assertThat(page).contains("Outbound request settings saved.").contains("runner.internal:8093");

            var allowLocal = eventsFor(OutboundSettings.ALLOW_LOCAL).getFirst();
            assertThat(allowLocal.authorName()).isEqualTo(admin.user().username());
            assertThat(allowLocal.oldValue()).isEqualTo("false");
            assertThat(allowLocal.newValue()).isEqualTo("true");
            var allowlist = eventsFor(OutboundSettings.ALLOWLIST).getFirst();
            assertThat(allowlist.oldValue()).isEmpty();
            assertThat(allowlist.newValue()).isEqualTo("10.0.0.0/8\nrunner.internal:8093\n[::1]:8093");

            // Unchecking the box sends no field at all, as browsers do.
            session.post("/admin/application_settings/network", Map.of(ALLOWLIST, "10.0.0.0/8"));
            assertThat(outbound.current().allowLocal()).isFalse();
        }

        @Test
        void anInvalidEntryNamesItsLineAndSavesNothing() {
            int events = (int) audit.count();
            session.get("/admin/application_settings/network");
            var answer = session.post(
                    "/admin/application_settings/network",
                    Map.of(ALLOW_LOCAL, "1", ALLOWLIST, "10.0.0.1\n300.1.1.1\nok.example.com"));
            assertThat(answer.statusCode()).isEqualTo(422);
            assertThat(answer.body())
                    .contains("Nothing was saved")
                    .contains("Line 2: “300.1.1.1” is not a valid IP address")
                    .contains("10.0.0.1\n300.1.1.1\nok.example.com</textarea>");
            assertThat(outbound.current()).isEqualTo(OutboundPolicy.DEFAULT);
            assertThat(audit.count()).isEqualTo(events);
        }

        @Test
        void savingWithoutChangesRecordsNothing() {
            int events = (int) audit.count();
            session.get("/admin/application_settings/network");
            session.post("/admin/application_settings/network", Map.of(ALLOWLIST, ""));
            assertThat(audit.count()).isEqualTo(events);
        }
    }

    @Nested
    class AuditLogPages {
        @Test
        void listsEventsNewestFirstAPageAtATime() {
            for (int i = 0; i < AuditLogPage.PER_PAGE + 1; i++) {
                audit.record(admin.user().id(), "Changed setting", "paging-" + i, "a", "b");
            }
            String first = session.get("/admin/audit_log").body();
            assertThat(first).contains("paging-20").contains("data-testid=\"older\"");
            assertThat(first.indexOf("paging-20")).isLessThan(first.indexOf("paging-19"));
            assertThat(first).doesNotContain("paging-0<");
            String second = session.get("/admin/audit_log?page=2").body();
            assertThat(second).contains("data-testid=\"newer\"").doesNotContain("paging-20<");
            // Nonsense pages show the first or the last page instead of an error.
            assertThat(session.get("/admin/audit_log?page=abc").statusCode()).isEqualTo(200);
            assertThat(session.get("/admin/audit_log?page=999999").statusCode()).isEqualTo(200);
        }

        @Test
        void valuesAreEscaped() {
            audit.record(admin.user().id(), "Changed setting", "escape-test", "<script>", "b");
            assertThat(session.get("/admin/audit_log").body())
                    .contains("&lt;script&gt;")
                    .doesNotContain("<script>");
        }
    }
}
