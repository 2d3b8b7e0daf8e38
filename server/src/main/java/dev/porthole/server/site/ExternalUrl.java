package dev.porthole.server.site;

import java.net.URI;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The server's external URL ({@code porthole.external-url}), without a trailing slash. When it is not configured,
 * it is {@code http://localhost:<port>} once the port is known, which suits one machine; runners elsewhere need
 * the real address configured.
 */
@Component
public class ExternalUrl {
    private volatile String base;
    private final boolean configured;

    public ExternalUrl(@Value("${porthole.external-url:}") String configuredUrl) {
        this.configured = !configuredUrl.isBlank();
        this.base = configured ? strip(URI.create(configuredUrl).toString()) : "http://localhost:8080";
    }

    @EventListener
    public void onStarted(WebServerInitializedEvent event) {
        if (!configured) {
            base = "http://localhost:" + event.getWebServer().getPort();
        }
    }

    public String base() {
        return base;
    }

    /** {@code base} followed by the path. */
    public String resolve(String path) {
        return base + (path.startsWith("/") ? path : "/" + path);
    }

    private static String strip(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
