package dev.porthole.server.web.projects;

/** Which page of a long list is shown: pages count from 1. */
public record Pagination(int page, int perPage, long total) {

    public static Pagination of(Integer requested, int perPage, long total) {
        int pages = pages(total, perPage);
        int page = requested == null || requested < 1 ? 1 : Math.min(requested, pages);
        return new Pagination(page, perPage, total);
    }

    private static int pages(long total, int perPage) {
        return (int) Math.max(1, (total + perPage - 1) / perPage);
    }

    public int pages() {
        return pages(total, perPage);
    }

    public int offset() {
        return (page - 1) * perPage;
    }

    public boolean hasPrevious() {
        return page > 1;
    }

    public boolean hasNext() {
        return page < pages();
    }
}
