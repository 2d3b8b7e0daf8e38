package dev.porthole.server.restapi;

import dev.porthole.server.account.AccountService;
import dev.porthole.server.account.Caller;
import dev.porthole.server.account.TokenScope;
import dev.porthole.server.account.User;
import dev.porthole.server.account.UserAdministration;
import dev.porthole.server.account.UserQuery;
import jakarta.servlet.http.HttpServletRequest;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Users, as everyone lists and reads them ({@code GET /users}, {@code GET /users/:id}) and as administrators make and
 * manage them for others ({@code POST /users}, {@code PUT /users/:id}, {@code POST /users/:id/block} and
 * {@code unblock}, {@code POST /users/:id/personal_access_tokens}): how scripts set up accounts for bots and
 * colleagues. Administrators see emails and roles; others see the basic entity only.
 */
@RestController
class UserAdminApiController {
    private final AccountService accounts;
    private final UserAdministration administration;
    private final ApiContext context;

    UserAdminApiController(AccountService accounts, UserAdministration administration, ApiContext context) {
        this.accounts = accounts;
        this.administration = administration;
        this.context = context;
    }

    /** The body of {@code PUT /users/:id}; absent fields stay as they are. */
    record UpdateUser(String username, String name, String email, String password, Boolean admin) {}

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

    /**
     * GitLab's user list: newest first, filtered by {@code username}, {@code search}, {@code active}, {@code
     * blocked} and (administrators) {@code admins}; paginated as every list here.
     */
    @GetMapping("/api/v4/users")
    ResponseEntity<List<?>> list(
            @AuthenticationPrincipal Caller caller,
            @RequestParam(name = "page", required = false) Integer page,
            @RequestParam(name = "per_page", required = false) Integer perPage,
            @RequestParam(name = "username", required = false) String username,
            @RequestParam(name = "search", required = false) String search,
            @RequestParam(name = "active", required = false) Boolean active,
            @RequestParam(name = "blocked", required = false) Boolean blocked,
            @RequestParam(name = "admins", required = false) Boolean admins,
            HttpServletRequest request) {
        if (caller == null) {
            throw ApiException.unauthorized();
        }
        boolean admin = caller.user().admin();
        Page p = Page.of(page, perPage);
        String state = Boolean.TRUE.equals(blocked) ? "blocked" : Boolean.TRUE.equals(active) ? "active" : null;
        if (Boolean.TRUE.equals(blocked) && Boolean.TRUE.equals(active)) {
            // No user is both, as GitLab's filters, applied one after the other, find.
            return ResponseEntity.ok()
                    .headers(p.headers(0, request, context.baseUrl()))
                    .body(List.of());
        }
        var query = new UserQuery(search, username, state, admin && Boolean.TRUE.equals(admins));
        List<User> users = accounts.findUsers(query, p.offset(), p.perPage());
        List<?> body = admin
                ? users.stream()
                        .map(u -> Entities.UserEntity.of(u, context.baseUrl()))
                        .toList()
                : users.stream()
                        .map(u -> Entities.UserBasic.of(u, context.baseUrl()))
                        .toList();
        return ResponseEntity.ok()
                .headers(p.headers(accounts.countUsers(query), request, context.baseUrl()))
                .body(body);
    }

    @GetMapping("/api/v4/users/{userId}")
    Object get(@AuthenticationPrincipal Caller caller, @PathVariable long userId) {
        if (caller == null) {
            throw ApiException.unauthorized();
        }
        User user = accounts.findUser(userId).orElseThrow(() -> ApiException.notFound("User"));
        return caller.user().admin()
                ? Entities.UserEntity.of(user, context.baseUrl())
                : Entities.UserPublic.of(user, context.baseUrl());
    }

    /** Administrators change a user's name, email, password and role; the username stays. */
    @PutMapping("/api/v4/users/{userId}")
    Entities.UserEntity update(
            @AuthenticationPrincipal Caller caller,
            @PathVariable long userId,
            @RequestBody(required = false) UpdateUser body) {
        requireAdmin(caller);
        User user = accounts.findUser(userId).orElseThrow(() -> ApiException.notFound("User"));
        if (body == null) {
            return Entities.UserEntity.of(user, context.baseUrl());
        }
        if (body.username() != null && !body.username().equals(user.username())) {
            throw ApiException.badRequest(
                    Map.of("username", List.of("cannot be changed: URLs and git remotes use it")));
        }
        User updated = administration.update(
                caller.user(),
                userId,
                new UserAdministration.Changes(body.name(), body.email(), body.admin(), body.password()));
        return Entities.UserEntity.of(updated, context.baseUrl());
    }

    /**
     * GitLab answers {@code 201 true} when the user is blocked now, and {@code 201 null} when they were blocked
     * already; an administrator cannot block themself.
     */
    @PostMapping("/api/v4/users/{userId}/block")
    ResponseEntity<String> block(@AuthenticationPrincipal Caller caller, @PathVariable long userId) {
        requireAdmin(caller);
        accounts.findUser(userId).orElseThrow(() -> ApiException.notFound("User"));
        if (caller.user().id() == userId) {
            throw ApiException.forbidden("The API initiating user cannot be blocked by the API");
        }
        boolean changed = administration.block(caller.user(), userId);
        return jsonCreated(changed ? "true" : "null");
    }

    /** GitLab answers {@code 201 true} when the user was blocked and is active now, {@code 201 false} otherwise. */
    @PostMapping("/api/v4/users/{userId}/unblock")
    ResponseEntity<String> unblock(@AuthenticationPrincipal Caller caller, @PathVariable long userId) {
        requireAdmin(caller);
        accounts.findUser(userId).orElseThrow(() -> ApiException.notFound("User"));
        return jsonCreated(administration.unblock(userId) ? "true" : "false");
    }

    private static ResponseEntity<String> jsonCreated(String json) {
        return ResponseEntity.status(HttpStatus.CREATED)
                .contentType(MediaType.APPLICATION_JSON)
                .body(json);
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
