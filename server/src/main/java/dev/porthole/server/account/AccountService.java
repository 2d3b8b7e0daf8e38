package dev.porthole.server.account;

import dev.porthole.server.credential.Tokens;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
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

    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,254}");
    private static final int MIN_PASSWORD_LENGTH = 8;
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
        if (!USERNAME.matcher(username).matches() || username.endsWith(".git")) {
            throw new AccountException("username '" + username
                    + "' may hold only letters, digits, '_', '-' and '.', and must not end in '.git'");
        }
        if (password.length() < MIN_PASSWORD_LENGTH) {
            throw new AccountException("password is too short (minimum is " + MIN_PASSWORD_LENGTH + " characters)");
        }
        if (users.findByLogin(username).isPresent() || users.findByLogin(email).isPresent()) {
            throw new AccountException("username or email has already been taken");
        }
        return users.insert(username, name, email, passwords.encode(password), admin, clock.instant());
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

    public Optional<String> passwordHash(long userId) {
        return users.passwordHash(userId);
    }

    /** Changes a password after checking the current one; the caller signs the user out of other sessions. */
    @Transactional
    public void changePassword(long userId, String current, String replacement) {
        boolean matches = users.passwordHash(userId)
                .map(h -> passwords.matches(current, h))
                .orElse(false);
        if (!matches) {
            throw new AccountException("current password is invalid");
        }
        setPassword(userId, replacement);
    }

    /** Sets a password without asking for the old one (admins, and the first start). */
    @Transactional
    public void setPassword(long userId, String replacement) {
        if (replacement.length() < MIN_PASSWORD_LENGTH) {
            throw new AccountException("password is too short (minimum is " + MIN_PASSWORD_LENGTH + " characters)");
        }
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
        if (scopes.isEmpty()) {
            throw new AccountException("a token needs at least one scope");
        }
        tokens.insert(userId, name, Tokens.digest(token), scopes, expiresAt, clock.instant());
    }

    /** The caller a personal access token stands for, if the token is valid, unexpired and its user active. */
    public Optional<Caller> authenticateToken(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        return tokens.findByDigest(Tokens.digest(token))
                .filter(t -> t.usableOn(today))
                .flatMap(t -> users.findById(t.userId()).filter(User::active).map(u -> {
                    recordUse(t);
                    return new Caller(u, t.scopes());
                }));
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
}
