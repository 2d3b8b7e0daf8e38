package dev.porthole.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.porthole.server.app.ServerTestSupport;
import dev.porthole.server.app.WebSession;
import dev.porthole.server.pipeline.JobStore;
import dev.porthole.server.pipeline.Pipeline;
import dev.porthole.server.project.AccessLevel;
import dev.porthole.server.project.Project;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Who gets what from every page and endpoint of a private project, and of the account and admin areas: anonymous
 * visitors, a signed-in non-member, each project role, and an administrator. One table; every cell is asserted, and
 * every mismatch is reported at once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PermissionMatrixTest extends ServerTestSupport {

    enum Who {
        ANONYMOUS,
        NON_MEMBER,
        GUEST,
        REPORTER,
        DEVELOPER,
        MAINTAINER,
        OWNER,
        ADMIN
    }

    @Autowired
    JobStore jobStore;

    private final Map<Who, Account> accounts = new EnumMap<>(Who.class);
    private final Map<Who, WebSession> sessions = new EnumMap<>(Who.class);
    private Project project;
    private Pipeline pipeline;
    private long jobId;

    @BeforeAll
    void aPrivateProjectWithOneMemberPerRole() {
        for (Who who : Who.values()) {
            if (who != Who.ANONYMOUS) {
                accounts.put(who, newUser(who == Who.ADMIN));
            }
        }
        project = newProject(accounts.get(Who.OWNER).user(), "build:\n  script: [\"echo hi\"]\n");
        Map<Who, AccessLevel> levels = Map.of(
                Who.GUEST, AccessLevel.GUEST,
                Who.REPORTER, AccessLevel.REPORTER,
                Who.DEVELOPER, AccessLevel.DEVELOPER,
                Who.MAINTAINER, AccessLevel.MAINTAINER);
        levels.forEach(
                (who, level) -> projects.addMember(project, accounts.get(who).user(), level));
        pipeline = newPipeline(project, accounts.get(Who.OWNER).user());
        jobId = jobStore.forPipeline(pipeline.id()).getFirst().id();
        for (Who who : Who.values()) {
            sessions.put(who, who == Who.ANONYMOUS ? anonymousVisitor() : signedIn(accounts.get(who)));
        }
    }

    /** Expected status per visitor, in the order of {@link Who}. */
    private static int[] codes(int... perWho) {
        return perWho;
    }

    private static final int[] READ = codes(302, 404, 403, 200, 200, 200, 200, 200);
    private static final int[] DEVELOP = codes(302, 404, 403, 403, 200, 200, 200, 200);
    private static final int[] MAINTAIN = codes(302, 404, 403, 403, 403, 200, 200, 200);
    private static final int[] SIGNED_IN = codes(302, 200, 200, 200, 200, 200, 200, 200);
    private static final int[] ADMIN_ONLY = codes(302, 404, 404, 404, 404, 404, 404, 200);
    private static final int[] EVERYONE = codes(200, 200, 200, 200, 200, 200, 200, 200);
    // Only the user who started the job (the owner here); it is not running, so the page says why it has no terminal.
    private static final int[] JOB_STARTER = codes(302, 404, 403, 403, 403, 403, 200, 403);

    private Map<String, int[]> pages() {
        String p = "/" + project.fullPath();
        var table = new LinkedHashMap<String, int[]>();
        table.put("/", EVERYONE);
        table.put("/projects/new", SIGNED_IN);
        table.put("/-/profile", SIGNED_IN);
        table.put("/-/profile/password/edit", SIGNED_IN);
        table.put("/-/user_settings/personal_access_tokens", SIGNED_IN);
        table.put(p, READ);
        table.put(p + "/-/pipelines", READ);
        table.put(p + "/-/pipelines/" + pipeline.id(), READ);
        table.put(p + "/-/jobs", READ);
        table.put(p + "/-/jobs/" + jobId, READ);
        table.put(p + "/-/jobs/" + jobId + "/raw", READ);
        table.put(p + "/-/jobs/" + jobId + "/terminal", JOB_STARTER);
        table.put(p + "/-/tree/main", READ);
        table.put(p + "/-/blob/main/.gitlab-ci.yml", READ);
        table.put(p + "/-/pipelines/new", DEVELOP);
        table.put(p + "/-/edit", MAINTAIN);
        table.put(p + "/-/settings/ci_cd", MAINTAIN);
        table.put(p + "/-/terminals", MAINTAIN);
        table.put("/admin", ADMIN_ONLY);
        table.put("/admin/users", ADMIN_ONLY);
        table.put("/admin/runners", ADMIN_ONLY);
        table.put("/admin/runners/new", ADMIN_ONLY);
        table.put("/admin/application_settings/network", ADMIN_ONLY);
        table.put("/admin/audit_log", ADMIN_ONLY);
        table.put("/admin/terminals", ADMIN_ONLY);
        table.put("/admin/held_jobs", ADMIN_ONLY);
        return table;
    }

    private static final int[] API_READ = codes(404, 404, 403, 200, 200, 200, 200, 200);
    private static final int[] API_SEE = codes(404, 404, 200, 200, 200, 200, 200, 200);
    // As in GitLab, these endpoints ask for authentication before they look for the project.
    private static final int[] API_MAINTAIN = codes(401, 404, 403, 403, 403, 200, 200, 200);
    private static final int[] API_SIGNED_IN = codes(401, 200, 200, 200, 200, 200, 200, 200);
    private static final int[] API_ADMIN = codes(401, 403, 403, 403, 403, 403, 403, 200);

    private Map<String, int[]> endpoints() {
        String p = "/api/v4/projects/" + project.id();
        var table = new LinkedHashMap<String, int[]>();
        table.put(p, API_SEE);
        table.put("/api/v4/projects/" + project.fullPath().replace("/", "%2F"), API_SEE);
        table.put(p + "/pipelines", API_READ);
        table.put(p + "/pipelines/" + pipeline.id(), API_READ);
        table.put(p + "/pipelines/" + pipeline.id() + "/jobs", API_READ);
        table.put(p + "/jobs", API_READ);
        table.put(p + "/jobs/" + jobId, API_READ);
        table.put(p + "/jobs/" + jobId + "/trace", API_READ);
        table.put(p + "/variables", API_MAINTAIN);
        table.put(p + "/runners", API_MAINTAIN);
        table.put("/api/v4/user", API_SIGNED_IN);
        table.put("/api/v4/users", API_SIGNED_IN);
        table.put("/api/v4/runners", API_SIGNED_IN);
        table.put("/api/v4/runners/all", API_ADMIN);
        table.put("/api/v4/application/settings", API_ADMIN);
        return table;
    }

    @Test
    void everyApiEndpointAnswersEachCallerAsTheirRoleAllows() {
        List<String> mismatches = new ArrayList<>();
        endpoints().forEach((path, expected) -> {
            for (Who who : Who.values()) {
                String token = who == Who.ANONYMOUS ? null : accounts.get(who).token();
                int status = get(path, token).statusCode();
                int want = expected[who.ordinal()];
                if (status != want) {
                    mismatches.add("GET " + path + " as " + who + ": " + status + ", expected " + want);
                }
            }
        });
        assertThat(mismatches).isEmpty();
    }

    @Test
    void everyPageAnswersEachVisitorAsTheirRoleAllows() {
        List<String> mismatches = new ArrayList<>();
        pages().forEach((path, expected) -> {
            for (Who who : Who.values()) {
                HttpResponse<String> answer = sessions.get(who).get(path);
                int status = answer.statusCode();
                int want = expected[who.ordinal()];
                boolean ok = status == want
                        && (status != 302
                                || answer.headers()
                                        .firstValue("Location")
                                        .orElse("")
                                        .contains("/users/sign_in"));
                if (!ok) {
                    mismatches.add("GET " + path + " as " + who + ": " + status + ", expected " + want);
                }
            }
        });
        assertThat(mismatches).isEmpty();
    }
}
