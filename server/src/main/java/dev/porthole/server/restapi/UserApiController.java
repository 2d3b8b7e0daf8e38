package dev.porthole.server.restapi;

import dev.porthole.server.account.Caller;
import dev.porthole.server.site.ServerVersion;
import java.util.Map;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v4/user} and {@code GET /api/v4/version}. */
@RestController
class UserApiController {
    private final ApiContext context;

    UserApiController(ApiContext context) {
        this.context = context;
    }

    @GetMapping("/api/v4/user")
    Entities.CurrentUser user(@AuthenticationPrincipal Caller caller) {
        if (caller == null) {
            throw ApiException.unauthorized();
        }
        var user = caller.user();
        return new Entities.CurrentUser(
                user.id(),
                user.username(),
                user.name(),
                user.state(),
                null,
                context.baseUrl() + "/" + user.username(),
                user.createdAt(),
                user.email(),
                user.admin(),
                true);
    }

    @GetMapping("/api/v4/version")
    Map<String, String> version(@AuthenticationPrincipal Caller caller) {
        if (caller == null) {
            throw ApiException.unauthorized();
        }
        return Map.of("version", ServerVersion.VERSION, "revision", "porthole");
    }
}
