package dev.porthole.server.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One browser-like visitor of the web pages over real HTTP: it keeps its cookies, does not follow redirects (tests
 * look at them), and sends the CSRF token of the last page it saw with every form it posts, as a browser would.
 */
public final class WebSession {
    private static final Pattern CSRF =
            Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]*)\"|" + "name=\"_csrf\" value=\"([^\"]*)\"");
    private final String base;
    private final HttpClient http;
    private final CookieManager cookies = new CookieManager();
    private String csrf = "";

    public WebSession(String base) {
        this.base = base;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** Signs in through the sign-in form; returns the form's answer (a redirect to {@code /} when it worked). */
    public HttpResponse<String> signIn(String login, String password) {
        get("/users/sign_in");
        return post("/users/sign_in", Map.of("user[login]", login, "user[password]", password));
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    /** Posts a form with the CSRF token of the last page seen. */
    public HttpResponse<String> post(String path, Map<String, String> form) {
        var fields = new LinkedHashMap<>(form);
        fields.putIfAbsent("_csrf", csrf);
        return postRaw(path, fields);
    }

    /** Posts exactly these fields: no CSRF token unless given. */
    public HttpResponse<String> postRaw(String path, Map<String, String> fields) {
        String body = fields.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** The {@code Cookie} header this visitor sends, for a client of its own (a websocket, as the page opens one). */
    public String cookieHeader() {
        return cookies.getCookieStore().getCookies().stream()
                .map(cookie -> cookie.getName() + "=" + cookie.getValue())
                .collect(Collectors.joining("; "));
    }

    public String csrfToken() {
        return csrf;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            var response =
                    http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            Matcher m = CSRF.matcher(response.body());
            if (m.find()) {
                csrf = m.group(1) != null ? m.group(1) : m.group(2);
            }
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
