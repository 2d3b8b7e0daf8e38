package dev.porthole.server.outbound;

import dev.porthole.server.audit.AuditLog;
import dev.porthole.server.settings.SettingsStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The instance's {@link OutboundPolicy}, kept as two settings under GitLab's names. Every change is written to the
 * audit log with its author and the values before and after, in the same transaction.
 */
@Service
public class OutboundSettings {
    public static final String ALLOW_LOCAL = "allow_local_requests_from_web_hooks_and_services";
    public static final String ALLOWLIST = "outbound_local_requests_whitelist";
    static final String CHANGED = "Changed setting";

    private final SettingsStore settings;
    private final AuditLog audit;

    OutboundSettings(SettingsStore settings, AuditLog audit) {
        this.settings = settings;
        this.audit = audit;
    }

    public OutboundPolicy current() {
        boolean allowLocal =
                settings.get(ALLOW_LOCAL).map(Boolean::parseBoolean).orElse(false);
        String stored = settings.get(ALLOWLIST).orElse("");
        return new OutboundPolicy(allowLocal, readStored(stored));
    }

    /** Stores the policy; returns it. Unchanged values are neither written nor audited. */
    @Transactional
    public OutboundPolicy update(OutboundPolicy next, long authorId) {
        OutboundPolicy before = current();
        if (before.allowLocal() != next.allowLocal()) {
            settings.put(ALLOW_LOCAL, Boolean.toString(next.allowLocal()));
            audit.record(
                    authorId,
                    CHANGED,
                    ALLOW_LOCAL,
                    Boolean.toString(before.allowLocal()),
                    Boolean.toString(next.allowLocal()));
        }
        String oldList = String.join("\n", before.allowlistText());
        String newList = String.join("\n", next.allowlistText());
        if (!Objects.equals(oldList, newList)) {
            settings.put(ALLOWLIST, newList);
            audit.record(authorId, CHANGED, ALLOWLIST, oldList, newList);
        }
        return current();
    }

    /** What was stored was valid when saved; an entry this version no longer reads is skipped, not fatal. */
    private static List<AllowlistEntry> readStored(String stored) {
        return switch (Allowlist.parseText(stored)) {
            case Allowlist.Result.Valid valid -> valid.entries();
            case Allowlist.Result.Invalid invalid -> {
                List<AllowlistEntry> kept = new ArrayList<>();
                for (String line : stored.split("\\R")) {
                    if (Allowlist.parseText(line) instanceof Allowlist.Result.Valid one) {
                        kept.addAll(one.entries());
                    }
                }
                yield kept;
            }
        };
    }
}
