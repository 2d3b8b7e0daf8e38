package dev.porthole.server.restapi;

import dev.porthole.server.account.AccountService;
import dev.porthole.server.account.Caller;
import dev.porthole.server.account.TokenScope;
import dev.porthole.server.account.User;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Users and their tokens as administrators make them for others ({@code POST /users}, {@code POST
 * /users/:id/personal_access_tokens}): how scripts set up accounts for bots and colleagues.
 */
@RestController
class UserAdminApiController {
    private final AccountService accounts;
    private final ApiContext context;

    UserAdminApiController(AccountService accounts, ApiContext context) {
        this.accounts = accounts;
        this.context = context;
    }

    record CreateUser(String username, String name, String email, String password, Boolean admin) {}

    /** {@code scopes} is an array, or a comma-separated string as python-gitlab sends it. */
    record CreateToken(String name, Object scopes, String expiresAt) {}

    /** A token as GitLab shows it once, at creation; {@code token} is never shown again. */
    record TokenEntity(long userId, String name, List<String> scopes, String expiresAt, boolean active, String token) {}

    @PostMapping("/api/v4/users")
    ResponseEntity<Entities.UserEntity> create(
            @AuthenticationPrincipal Caller caller, @RequestBody(required = false) CreateUser body) {
        requireAdmin(caller);
        if (body == null) {
            throw ApiException.badRequest(Map.of("username", List.of("is missing")));
        }
        // In a fixed order, so that a request missing several fields is always answered the same way.
        var fields = new LinkedHashMap<String, String>();
        fields.put("username", body.username());
        fields.put("name", body.name());
        fields.put("email", body.email());
        fields.put("password", body.password());
        for (var field : fields.entrySet()) {
            if (field.getValue() == null || field.getValue().isBlank()) {
                throw ApiException.badRequest(Map.of(field.getKey(), List.of("is missing")));
            }
        }
        User user = accounts.createUser(
                body.username(), body.name(), body.email(), body.password(), Boolean.TRUE.equals(body.admin()));
        return ResponseEntity.status(HttpStatus.CREATED).body(Entities.UserEntity.of(user, context.baseUrl()));
    }

    @GetMapping("/api/v4/users/{userId}")
    Entities.UserEntity get(@AuthenticationPrincipal Caller caller, @PathVariable long userId) {
        if (caller == null) {
            throw ApiException.unauthorized();
        }
        return accounts.findUser(userId)
                .map(user -> Entities.UserEntity.of(user, context.baseUrl()))
                .orElseThrow(() -> ApiException.notFound("User"));
    }

    @PostMapping("/api/v4/users/{userId}/personal_access_tokens")
    ResponseEntity<TokenEntity> createToken(
            @AuthenticationPrincipal Caller caller,
            @PathVariable long userId,
            @RequestBody(required = false) CreateToken body) {
        requireAdmin(caller);
        User user = accounts.findUser(userId).orElseThrow(() -> ApiException.notFound("User"));
        if (body == null || body.name() == null || body.name().isBlank()) {
            throw ApiException.badRequest(Map.of("name", List.of("is missing")));
        }
        List<String> given = switch (body.scopes()) {
            case null -> List.of();
            case String text ->
                Arrays.stream(text.split(","))
                        .map(String::strip)
                        .filter(t -> !t.isEmpty())
                        .toList();
            case List<?> list -> list.stream().map(String::valueOf).toList();
            default -> throw ApiException.badRequest(Map.of("scopes", List.of("is invalid")));
        };
        if (given.isEmpty()) {
            throw ApiException.badRequest(Map.of("scopes", List.of("is missing")));
        }
        Set<TokenScope> scopes = EnumSet.noneOf(TokenScope.class);
        for (String scope : given) {
            scopes.add(TokenScope.fromWireName(scope)
                    .orElseThrow(() -> ApiException.badRequest(
                            Map.of("scopes", List.of("does not have a valid value: " + scope)))));
        }
        LocalDate expiresAt;
        try {
            expiresAt = body.expiresAt() == null ? null : LocalDate.parse(body.expiresAt());
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(Map.of("expires_at", List.of("is invalid: use YYYY-MM-DD")));
        }
        String token = accounts.createToken(user.id(), body.name(), scopes, expiresAt);
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(new TokenEntity(
                        user.id(),
                        body.name(),
                        scopes.stream().map(TokenScope::wireName).toList(),
                        expiresAt == null ? null : expiresAt.toString(),
                        true,
                        token));
    }

    private static void requireAdmin(Caller caller) {
        if (caller == null) {
            throw ApiException.unauthorized();
        }
        if (!caller.user().admin()) {
            throw ApiException.forbidden();
        }
    }
}
