package dev.porthole.server.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Starts the Porthole server. */
@SpringBootApplication(scanBasePackages = "dev.porthole.server")
@ConfigurationPropertiesScan("dev.porthole.server")
@EnableScheduling
public class PortholeServer {
    public static void main(String[] args) {
        SpringApplication.run(PortholeServer.class, args);
    }
}
