package dev.porthole.server.restapi;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * GitLab's offset pagination: {@code page} (from 1) and {@code per_page} (20 by default, 100 at most), answered
 * with {@code X-Page}, {@code X-Per-Page}, {@code X-Total}, {@code X-Total-Pages}, {@code X-Next-Page},
 * {@code X-Prev-Page} and a {@code Link} header.
 */
record Page(int page, int perPage) {
    private static final int MAX_PAGE = 1_000_000;

    static Page of(Integer page, Integer perPage) {
        int size = perPage == null || perPage < 1 ? 20 : Math.min(perPage, 100);
        return new Page(page == null || page < 1 ? 1 : Math.min(page, MAX_PAGE), size);
    }

    int offset() {
        return (page - 1) * perPage;
    }

    /** The pagination headers for a list of {@code total} items, with links built on the external URL. */
    HttpHeaders headers(long total, HttpServletRequest request, String baseUrl) {
        long pages = Math.max(1, (total + perPage - 1) / perPage);
        var headers = new HttpHeaders();
        headers.add("X-Page", Integer.toString(page));
        headers.add("X-Per-Page", Integer.toString(perPage));
        headers.add("X-Total", Long.toString(total));
        headers.add("X-Total-Pages", Long.toString(pages));
        headers.add("X-Next-Page", page < pages ? Integer.toString(page + 1) : "");
        headers.add("X-Prev-Page", page > 1 ? Integer.toString(page - 1) : "");
        List<String> links = new ArrayList<>();
        if (page < pages) {
            links.add(link(request, baseUrl, page + 1, "next"));
        }
        if (page > 1) {
            links.add(link(request, baseUrl, page - 1, "prev"));
        }
        links.add(link(request, baseUrl, 1, "first"));
        links.add(link(request, baseUrl, (int) pages, "last"));
        headers.add(HttpHeaders.LINK, String.join(", ", links));
        return headers;
    }

    private String link(HttpServletRequest request, String baseUrl, int target, String rel) {
        String url = UriComponentsBuilder.fromUriString(baseUrl + request.getRequestURI())
                .query(request.getQueryString())
                .replaceQueryParam("page", target)
                .replaceQueryParam("per_page", perPage)
                .build(true)
                .toUriString();
        return "<" + url + ">; rel=\"" + rel + "\"";
    }
}
