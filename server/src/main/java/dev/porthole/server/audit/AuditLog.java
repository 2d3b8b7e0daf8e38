package dev.porthole.server.audit;

import dev.porthole.server.account.AccountService;
import dev.porthole.server.account.User;
import java.time.Clock;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * Records changes to the instance (settings, runners) with their author, and reads them back for the admin area.
 * Callers record inside the transaction of the change itself, so a change and its record are kept or lost together.
 */
@Service
public class AuditLog {
    private final AuditStore events;
    private final AccountService accounts;
    private final Clock clock;

    public AuditLog(AuditStore events, AccountService accounts, Clock clock) {
        this.events = events;
        this.accounts = accounts;
        this.clock = clock;
    }

    /** Records a change by the user {@code authorId}; the author's username is kept even if the user goes. */
    public void record(long authorId, String action, String target, String oldValue, String newValue) {
        String name = accounts.findUser(authorId).map(User::username).orElse("user #" + authorId);
        events.insert(authorId, name, action, target, oldValue, newValue, clock.instant());
    }

    /** One page (from 1) of events, newest first. */
    public List<AuditEvent> page(int page, int perPage) {
        return events.newestFirst(perPage, (long) (Math.max(page, 1) - 1) * perPage);
    }

    public long count() {
        return events.count();
    }
}
