package dev.porthole.server.restapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porthole.server.account.TokenScope;
import dev.porthole.server.app.ServerTestSupport;
import dev.porthole.server.audit.AuditEvent;
import dev.porthole.server.audit.AuditLog;
import dev.porthole.server.debughold.DebugHolds;
import dev.porthole.server.outbound.OutboundPolicy;
import dev.porthole.server.outbound.OutboundSettings;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** {@code /api/v4/application/settings}: GitLab's names for the outbound-request policy, administrators only. */
class ApplicationSettingsApiTest extends ServerTestSupport {
    private static final String PATH = "/api/v4/application/settings";

    @Autowired
    OutboundSettings outbound;

    @Autowired
    AuditLog audit;

    @Autowired
    DebugHolds holds;

    private Account admin;

    @BeforeEach
    void defaults() {
        admin = newUser(true);
        outbound.update(OutboundPolicy.DEFAULT, admin.user().id());
    }

    private HttpResponse<String> put(String token, Object body) {
        return send(
                "PUT",
                PATH,
                Map.of("PRIVATE-TOKEN", token, "Content-Type", "application/json"),
                JSON.writeValueAsString(body));
    }

    @Test
    void anAdministratorReadsTheSettings() {
        var answer = get(PATH, admin.token());
        assertThat(answer.statusCode()).isEqualTo(200);
        var body = json(answer);
        assertThat(body.get("allow_local_requests_from_web_hooks_and_services").asBoolean())
                .isFalse();
        assertThat(body.get("outbound_local_requests_whitelist").isArray()).isTrue();
        assertThat(body.get("outbound_local_requests_whitelist").size()).isZero();
    }

    @Test
    void nobodyElseMay() {
        assertThat(get(PATH, null).statusCode()).isEqualTo(401);
        assertThat(json(get(PATH, null)).get("message").asString()).isEqualTo("401 Unauthorized");
        var user = newUser(false);
        assertThat(get(PATH, user.token()).statusCode()).isEqualTo(403);
        assertThat(put(user.token(), Map.of("allow_local_requests_from_web_hooks_and_services", true))
                        .statusCode())
                .isEqualTo(403);
        assertThat(send(
                                "PUT",
                                PATH,
                                Map.of("Content-Type", "application/json"),
                                "{\"allow_local_requests_from_web_hooks_and_services\":true}")
                        .statusCode())
                .isEqualTo(401);
        assertThat(outbound.current().allowLocal()).isFalse();
    }

    @Test
    void aReadOnlyTokenMayReadButNotChange() {
        String readOnly = accounts.createToken(admin.user().id(), "ro", Set.of(TokenScope.READ_API), null);
        assertThat(get(PATH, readOnly).statusCode()).isEqualTo(200);
        assertThat(put(readOnly, Map.of("allow_local_requests_from_web_hooks_and_services", true))
                        .statusCode())
                .isEqualTo(403);
    }

    @Test
    void aJsonPutChangesTheSettingsAndIsAudited() {
        var answer = put(
                admin.token(),
                Map.of(
                        "allow_local_requests_from_web_hooks_and_services",
                        true,
                        "outbound_local_requests_whitelist",
                        List.of("10.0.0.0/8", "*.Example.com", "[::1]:8093")));
        assertThat(answer.statusCode()).isEqualTo(200);
        var body = json(answer);
        assertThat(body.get("allow_local_requests_from_web_hooks_and_services").asBoolean())
                .isTrue();
        assertThat(body.get("outbound_local_requests_whitelist").toString())
                .isEqualTo("[\"10.0.0.0/8\",\"*.example.com\",\"[::1]:8093\"]");
        assertThat(outbound.current().allowLocal()).isTrue();

        List<AuditEvent> events = audit.page(1, 2);
        assertThat(events)
                .extracting(AuditEvent::target)
                .containsExactlyInAnyOrder(OutboundSettings.ALLOW_LOCAL, OutboundSettings.ALLOWLIST);
        assertThat(events)
                .allSatisfy(e -> assertThat(e.authorId()).isEqualTo(admin.user().id()));
    }

    @Test
    void theAllowlistMayBeACommaSeparatedStringAndOtherSettingsStayAsTheyAre() {
        put(admin.token(), Map.of("allow_local_requests_from_web_hooks_and_services", true));
        var answer = put(admin.token(), Map.of("outbound_local_requests_whitelist", "10.0.0.1,runner.internal:8093"));
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(outbound.current().allowLocal()).isTrue();
        assertThat(outbound.current().allowlistText()).containsExactly("10.0.0.1", "runner.internal:8093");
    }

    @Test
    void queryParametersWorkAsInGitLab() {
        var answer = send(
                "PUT",
                PATH + "?allow_local_requests_from_web_hooks_and_services=true"
                        + "&outbound_local_requests_whitelist[]=10.0.0.1&outbound_local_requests_whitelist[]=fd00::/8",
                Map.of("PRIVATE-TOKEN", admin.token()),
                null);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(outbound.current().allowLocal()).isTrue();
        assertThat(outbound.current().allowlistText()).containsExactly("10.0.0.1", "fd00::/8");
    }

    @Test
    void badValuesAreRefusedAndNothingChanges() {
        var badEntry = put(
                admin.token(),
                Map.of(
                        "allow_local_requests_from_web_hooks_and_services",
                        true,
                        "outbound_local_requests_whitelist",
                        List.of("10.0.0.1", "300.1.1.1")));
        assertThat(badEntry.statusCode()).isEqualTo(400);
        assertThat(json(badEntry)
                        .get("message")
                        .get("outbound_local_requests_whitelist")
                        .get(0)
                        .asString())
                .isEqualTo("Entry: “300.1.1.1” is not a valid IP address");

        var badBoolean = put(admin.token(), Map.of("allow_local_requests_from_web_hooks_and_services", "maybe"));
        assertThat(badBoolean.statusCode()).isEqualTo(400);
        assertThat(json(badBoolean).get("message").toString()).contains("must be true or false");

        var badList = put(admin.token(), Map.of("outbound_local_requests_whitelist", List.of(1, 2)));
        assertThat(badList.statusCode()).isEqualTo(400);

        var nothing = put(admin.token(), Map.of("unknown", 1));
        assertThat(nothing.statusCode()).isEqualTo(400);

        var notJson =
                send("PUT", PATH, Map.of("PRIVATE-TOKEN", admin.token(), "Content-Type", "application/json"), "{");
        assertThat(notJson.statusCode()).isEqualTo(400);

        assertThat(outbound.current()).isEqualTo(OutboundPolicy.DEFAULT);
    }

    @Test
    void theMaximumDebugHoldIsPortholesOwnSettingAndABadValueChangesNothing() {
        try {
            var answer = put(
                    admin.token(),
                    Map.of(
                            "porthole_debug_hold_maximum_seconds",
                            5400,
                            "allow_local_requests_from_web_hooks_and_services",
                            true));
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(json(answer).get("porthole_debug_hold_maximum_seconds").asLong())
                    .isEqualTo(5400);
            assertThat(holds.maximum()).isEqualTo(Duration.ofMinutes(90));

            var refused = put(
                    admin.token(),
                    Map.of(
                            "porthole_debug_hold_maximum_seconds",
                            "two days",
                            "allow_local_requests_from_web_hooks_and_services",
                            false));
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.body()).contains("must be a whole number of seconds from 1 to 86400");
            assertThat(holds.maximum()).isEqualTo(Duration.ofMinutes(90));
            assertThat(outbound.current().allowLocal()).as("nothing changed").isTrue();
            assertThat(put(admin.token(), Map.of("porthole_debug_hold_maximum_seconds", 86401))
                            .statusCode())
                    .isEqualTo(400);
            assertThat(get(PATH, admin.token()).body()).contains("\"porthole_debug_hold_maximum_seconds\":5400");
        } finally {
            holds.setMaximum(DebugHolds.DEFAULT_MAXIMUM, admin.user().id());
        }
    }
}
