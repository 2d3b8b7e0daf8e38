package dev.porthole.server.account;

import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What administrators do to other accounts: edit them, block and unblock them, lift a sign-in lockout, grant and
 * withdraw administrator access. An administrator may not block or demote themself, so that an instance always
 * keeps someone who can undo a mistake. Callers check that the actor is an administrator.
 */
@Service
public class UserAdministration {
    private final AccountService accounts;
    private final UserStore users;
    private final SignInLockout lockout;

    public UserAdministration(AccountService accounts, UserStore users, SignInLockout lockout) {
        this.accounts = accounts;
        this.users = users;
        this.lockout = lockout;
    }

    /** What an administrator changes about an account; a null part stays as it is. */
    public record Changes(String name, String email, Boolean admin, String password) {}

    /** Applies the changes together, or none of them when one is refused. */
    @Transactional
    public User update(User actor, long userId, Changes changes) {
        User user = existing(userId);
        if (changes.admin() != null && !changes.admin() && user.admin() && actor.id() == userId) {
            throw AccountException.notAllowed(
                    "You cannot remove your own administrator access. Ask another administrator to do it.");
        }
        if (changes.name() != null || changes.email() != null) {
            user = accounts.updateProfile(
                    userId,
                    changes.name() == null ? user.name() : changes.name(),
                    changes.email() == null ? user.email() : changes.email());
        }
        if (changes.password() != null && !changes.password().isEmpty()) {
            accounts.setPassword(userId, changes.password());
        }
        if (changes.admin() != null && changes.admin() != user.admin()) {
            users.updateAdmin(userId, changes.admin());
        }
        return existing(userId);
    }

    /**
     * Blocks the user: they can no longer sign in, their sessions stop counting and their tokens stop working.
     * False when they were blocked already.
     */
    @Transactional
    public boolean block(User actor, long userId) {
        existing(userId);
        if (actor.id() == userId) {
            throw AccountException.notAllowed("You cannot block your own account. Ask another administrator to do it.");
        }
        return users.updateState(userId, "blocked");
    }

    /** Lets a blocked user sign in again; false when they were not blocked. */
    @Transactional
    public boolean unblock(long userId) {
        existing(userId);
        return users.updateState(userId, "active");
    }

    /** Lifts the lockout that repeated failed sign-ins put on the account. */
    public void unlock(long userId) {
        existing(userId);
        lockout.unlock(userId);
    }

    public User setAdmin(User actor, long userId, boolean admin) {
        return update(actor, userId, new Changes(null, null, admin, null));
    }

    /** Until when the account is locked after failed sign-ins, if it is locked now. */
    public Optional<Instant> lockedUntil(long userId) {
        return lockout.lockedUntil(userId);
    }

    private User existing(long userId) {
        return users.findById(userId).orElseThrow(() -> new AccountException("the user does not exist"));
    }
}
