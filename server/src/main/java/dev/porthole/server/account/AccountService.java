package dev.porthole.server.account;

import dev.porthole.server.credential.Tokens;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creates users and tokens, and tells who a password or token belongs to. */
@Service
public class AccountService {
    /** GitLab's personal access token prefix, so that secret scanners recognise ours too. */
    public static final String TOKEN_PREFIX = "glpat-";

    public static final int MIN_PASSWORD_LENGTH = 8;
    /** bcrypt reads no further than 72 bytes; a longer password would only seem stronger. */
    public static final int MAX_PASSWORD_BYTES = 72;

    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,254}");
    /** Devise's rule, which GitLab uses: something, an at sign, something, no spaces. */
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");

    private static final int MAX_TEXT_LENGTH = 255;
    private static final Duration LAST_USED_PRECISION = Duration.ofMinutes(1);

    private final UserStore users;
    private final AccessTokenStore tokens;
    private final PasswordEncoder passwords;
    private final Clock clock;

    public AccountService(UserStore users, AccessTokenStore tokens, PasswordEncoder passwords, Clock clock) {
        this.users = users;
        this.tokens = tokens;
        this.passwords = passwords;
        this.clock = clock;
    }

    @Transactional
    public User createUser(String username, String name, String email, String password, boolean admin) {
        String cleanUsername = required("username", username);
        if (!USERNAME.matcher(cleanUsername).matches() || cleanUsername.endsWith(".git")) {
            throw AccountException.invalid(
                    "username", "may hold only letters, digits, '_', '-' and '.', and must not end in '.git'");
        }
        String cleanName = checkName(name);
        String cleanEmail = checkEmail(email);
        checkPassword("password", password);
        if (users.usernameTaken(cleanUsername, 0)) {
            throw AccountException.taken("username");
        }
        if (users.emailTaken(cleanEmail, 0) || users.usernameTaken(cleanEmail, 0)) {
            throw AccountException.taken("email");
        }
        return users.insert(cleanUsername, cleanName, cleanEmail, passwords.encode(password), admin, clock.instant());
    }

    public Optional<User> findUser(long id) {
        return users.findById(id);
    }

    public Optional<User> findUserByUsername(String username) {
        return users.findByLogin(username).filter(u -> u.username().equalsIgnoreCase(username));
    }

    /** The user with this username or email, whatever their state. */
    public Optional<User> findUserByLogin(String login) {
        return users.findByLogin(login);
    }

    public List<User> findUsers(UserQuery query, int offset, int limit) {
        return users.find(query, offset, limit);
    }

    public long countUsers(UserQuery query) {
        return users.count(query);
    }

    public Optional<String> passwordHash(long userId) {
        return users.passwordHash(userId);
    }

    /** Changes the name and email a user goes by; the username stays, as it is in every URL of theirs. */
    @Transactional
    public User updateProfile(long userId, String name, String email) {
        User user = users.findById(userId).orElseThrow(() -> new AccountException("the user does not exist"));
        String cleanName = checkName(name);
        String cleanEmail = checkEmail(email);
        if (users.emailTaken(cleanEmail, userId) || users.usernameTaken(cleanEmail, userId)) {
            throw AccountException.taken("email");
        }
        users.updateProfile(userId, cleanName, cleanEmail);
        return new User(
                user.id(), user.username(), cleanName, cleanEmail, user.admin(), user.state(), user.createdAt());
    }

    /**
     * Changes a password after checking the current one and the confirmation of the new one. The caller decides
     * what becomes of the user's sessions.
     */
    @Transactional
    public void changePassword(long userId, String current, String replacement, String confirmation) {
        boolean matches = current != null
                && users.passwordHash(userId)
                        .map(h -> passwords.matches(current, h))
                        .orElse(false);
        if (!matches) {
            throw AccountException.invalid("current_password", "is not correct");
        }
        checkPassword("new_password", replacement);
        if (!replacement.equals(confirmation)) {
            throw AccountException.invalid("password_confirmation", "doesn't match the new password");
        }
        users.updatePasswordHash(userId, passwords.encode(replacement));
    }

    /** Sets a password without asking for the old one (admins, and the first start). */
    @Transactional
    public void setPassword(long userId, String replacement) {
        checkPassword("password", replacement);
        users.updatePasswordHash(userId, passwords.encode(replacement));
    }

    /** The active user whose username or email and password these are. */
    public Optional<User> authenticatePassword(String login, String password) {
        return users.findByLogin(login)
                .filter(User::active)
                .filter(u -> users.passwordHash(u.id())
                        .map(hash -> passwords.matches(password, hash))
                        .orElse(false));
    }

    /** Issues a new token and returns it; only its digest is kept, so this is the one time it can be shown. */
    @Transactional
    public String createToken(long userId, String name, Set<TokenScope> scopes, LocalDate expiresAt) {
        String token = Tokens.generate(TOKEN_PREFIX);
        storeToken(userId, name, token, scopes, expiresAt);
        return token;
    }

    /** Stores a token chosen by the operator (for scripts that must know it in advance). */
    @Transactional
    public void storeToken(long userId, String name, String token, Set<TokenScope> scopes, LocalDate expiresAt) {
        String cleanName = required("name", name);
        if (cleanName.length() > MAX_TEXT_LENGTH) {
            throw AccountException.invalid("name", "is too long (maximum is " + MAX_TEXT_LENGTH + " characters)");
        }
        if (scopes == null || scopes.isEmpty()) {
            throw AccountException.invalid("scopes", "must include at least one scope");
        }
        if (expiresAt != null && !expiresAt.isAfter(today())) {
            throw AccountException.invalid("expires_at", "must be in the future");
        }
        tokens.insert(userId, cleanName, Tokens.digest(token), scopes, expiresAt, clock.instant());
    }

    /** Every token of this user, revoked and expired ones too, oldest first. */
    public List<AccessToken> tokensOf(long userId) {
        return tokens.forUser(userId);
    }

    /**
     * Revokes one of the user's own tokens. Empty when the user has no token with this id: someone else's token is
     * as unknown to them as one that never existed.
     */
    @Transactional
    public Optional<AccessToken> revokeToken(long userId, long tokenId) {
        Optional<AccessToken> token = tokens.findById(tokenId).filter(t -> t.userId() == userId);
        token.ifPresent(t -> tokens.revoke(t.id(), userId));
        return token;
    }

    /** The caller a personal access token stands for, if the token is valid, unexpired and its user active. */
    public Optional<Caller> authenticateToken(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        return tokens.findByDigest(Tokens.digest(token))
                .filter(t -> t.usableOn(today()))
                .flatMap(t -> users.findById(t.userId()).filter(User::active).map(u -> {
                    recordUse(t);
                    return new Caller(u, t.scopes());
                }));
    }

    /** Today in UTC: the day token expiry dates are compared with. */
    public LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private void recordUse(AccessToken token) {
        var now = clock.instant();
        // A write per request would make every API and git call pay for it; a minute is precise enough.
        if (token.lastUsedAt() == null || token.lastUsedAt().isBefore(now.minus(LAST_USED_PRECISION))) {
            tokens.touch(token.id(), now);
        }
    }

    public long userCount() {
        return users.count();
    }

    private static String required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw AccountException.invalid(field, "can't be blank");
        }
        return value.strip();
    }

    private static String checkName(String name) {
        String clean = required("name", name);
        if (clean.length() > MAX_TEXT_LENGTH) {
            throw AccountException.invalid("name", "is too long (maximum is " + MAX_TEXT_LENGTH + " characters)");
        }
        return clean;
    }

    private static String checkEmail(String email) {
        String clean = required("email", email);
        if (clean.length() > MAX_TEXT_LENGTH || !EMAIL.matcher(clean).matches()) {
            throw AccountException.invalid("email", "is invalid: write it as name@example.com");
        }
        return clean;
    }

    private static void checkPassword(String field, String password) {
        if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
            throw AccountException.invalid(field, "is too short (minimum is " + MIN_PASSWORD_LENGTH + " characters)");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            throw AccountException.invalid(field, "is too long (maximum is " + MAX_PASSWORD_BYTES + " characters)");
        }
    }
}
