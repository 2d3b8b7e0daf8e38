package dev.porthole.server.account;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * GitLab's rule for password guessing: after 10 failed sign-ins in a row an account is locked for 10 minutes. A
 * successful sign-in clears the count.
 */
@Service
public class SignInLockout {
    public static final int MAX_ATTEMPTS = 10;
    public static final Duration LOCK_DURATION = Duration.ofMinutes(10);

    private final UserStore users;
    private final Clock clock;

    public SignInLockout(UserStore users, Clock clock) {
        this.users = users;
        this.clock = clock;
    }

    public void failed(String login) {
        users.findByLogin(login)
                .ifPresent(u -> users.recordFailedSignIn(
                        u.id(), MAX_ATTEMPTS, clock.instant().plus(LOCK_DURATION)));
    }

    public void succeeded(long userId) {
        users.clearFailedSignIns(userId);
    }

    /** When the lock of this account ends, if it is locked now. */
    public Optional<Instant> lockedUntil(long userId) {
        Instant now = clock.instant();
        return users.lockedUntil(userId).filter(now::isBefore);
    }

    public void unlock(long userId) {
        users.clearFailedSignIns(userId);
    }
}
