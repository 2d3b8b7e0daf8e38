package dev.porthole.server.web;

import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Lets page handlers take the {@link Viewer} as a parameter. */
@Configuration
class PageConfiguration implements WebMvcConfigurer {
    private final Viewers viewers;

    PageConfiguration(Viewers viewers) {
        this.viewers = viewers;
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(viewers);
    }
}
