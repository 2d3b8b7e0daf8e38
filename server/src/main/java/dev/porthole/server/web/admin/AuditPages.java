package dev.porthole.server.web.admin;

/** Which page of the audit log is shown (from 1), of how many events in all. */
public record AuditPages(int page, long total, int perPage) {

    public long last() {
        return Math.max(1, (total + perPage - 1) / perPage);
    }

    public boolean hasNewer() {
        return page > 1;
    }

    public boolean hasOlder() {
        return page < last();
    }
}
