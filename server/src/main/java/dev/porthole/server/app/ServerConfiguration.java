package dev.porthole.server.app;

import dev.porthole.server.artifact.ArtifactFiles;
import dev.porthole.server.git.GitAccess;
import dev.porthole.server.git.GitHttpFilter;
import dev.porthole.server.git.PushHook;
import dev.porthole.server.queue.InProcessQueueSignal;
import dev.porthole.server.queue.QueueSignal;
import dev.porthole.server.repository.RepositoryStorage;
import dev.porthole.server.trace.TraceFanout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.jetty.JettyServerCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The beans that are not components of their own feature package. */
@Configuration
class ServerConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    RepositoryStorage repositoryStorage(@Value("${porthole.data-dir}") Path dataDir) {
        Path root = dataDir.resolve("repositories");
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the repository folder " + root.toAbsolutePath(), e);
        }
        return new RepositoryStorage(root);
    }

    @Bean
    ArtifactFiles artifactFiles(@Value("${porthole.data-dir}") Path dataDir) {
        return new ArtifactFiles(dataDir.resolve("artifacts"));
    }

    @Bean
    QueueSignal queueSignal() {
        return new InProcessQueueSignal();
    }

    @Bean
    TraceFanout traceFanout() {
        return new TraceFanout();
    }

    /** Git over HTTP, after Spring Security (which lets git requests through to it). */
    @Bean
    FilterRegistrationBean<GitHttpFilter> gitHttpFilter(
            GitAccess access, RepositoryStorage repositories, PushHook pushHook) {
        var registration = new FilterRegistrationBean<>(new GitHttpFilter(access, repositories, pushHook));
        registration.addUrlPatterns("/*");
        registration.setOrder(0);
        registration.setName("git");
        return registration;
    }

    /**
     * GitLab's clients address projects by path with an encoded slash ({@code /api/v4/projects/root%2Fdemo}),
     * which Jetty refuses unless told that such paths are fine.
     */
    @Bean
    JettyServerCustomizer encodedSlashes() {
        return server -> {
            for (var connector : server.getConnectors()) {
                var http = connector.getConnectionFactory(HttpConnectionFactory.class);
                if (http != null) {
                    http.getHttpConfiguration()
                            .setUriCompliance(
                                    UriCompliance.from("DEFAULT,AMBIGUOUS_PATH_SEPARATOR,AMBIGUOUS_PATH_ENCODING"));
                }
            }
            server.getContainedBeans(org.eclipse.jetty.ee11.servlet.ServletHandler.class)
                    .forEach(handler -> handler.setDecodeAmbiguousURIs(true));
        };
    }
}
