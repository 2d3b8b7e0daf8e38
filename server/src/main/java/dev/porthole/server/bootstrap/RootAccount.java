package dev.porthole.server.bootstrap;

import dev.porthole.server.account.AccountService;
import dev.porthole.server.account.TokenScope;
import dev.porthole.server.account.User;
import dev.porthole.server.credential.Tokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Creates the {@code root} administrator on the first start. Its password comes from {@code PORTHOLE_ROOT_PASSWORD}
 * or is generated and written, never logged, to {@code <data>/initial_root_password}; with
 * {@code PORTHOLE_ROOT_TOKEN} (20+ characters) root also gets that personal access token, with the {@code api}
 * scope, for scripts.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RootAccount implements ApplicationRunner {
    static final String PASSWORD_FILE = "initial_root_password";
    private static final Logger LOG = LoggerFactory.getLogger(RootAccount.class);
    private static final int MIN_TOKEN_LENGTH = 20;

    private final AccountService accounts;
    private final Path dataDir;
    private final Optional<String> password;
    private final Optional<String> token;

    RootAccount(
            AccountService accounts,
            @Value("${porthole.data-dir}") Path dataDir,
            @Value("${porthole.root.password:}") String password,
            @Value("${porthole.root.token:}") String token) {
        this.accounts = accounts;
        this.dataDir = dataDir;
        this.password = Optional.of(password).filter(p -> !p.isBlank());
        this.token = Optional.of(token).filter(t -> !t.isBlank());
        if (this.token.isPresent() && this.token.get().length() < MIN_TOKEN_LENGTH) {
            throw new IllegalStateException("PORTHOLE_ROOT_TOKEN must be at least " + MIN_TOKEN_LENGTH
                    + " characters long; it is " + this.token.get().length());
        }
    }

    @Override
    public void run(ApplicationArguments args) {
        if (accounts.userCount() > 0) {
            if (token.isPresent()) {
                LOG.info("PORTHOLE_ROOT_TOKEN is applied on the first start only; this instance already has users");
            }
            return;
        }
        String rootPassword = password.orElseGet(() -> Tokens.generate("").substring(0, 24));
        User root = accounts.createUser("root", "Administrator", "admin@example.com", rootPassword, true);
        if (password.isPresent()) {
            LOG.info("Created the root administrator with the password from PORTHOLE_ROOT_PASSWORD");
        } else {
            Path file = writeSecret(dataDir.resolve(PASSWORD_FILE), rootPassword);
            LOG.info("Created the root administrator; its generated password is in {}", file.toAbsolutePath());
        }
        token.ifPresent(t -> {
            accounts.storeToken(root.id(), "PORTHOLE_ROOT_TOKEN", t, Set.of(TokenScope.API), null);
            LOG.info("Gave root the personal access token from PORTHOLE_ROOT_TOKEN (scope api)");
        });
    }

    static Path writeSecret(Path file, String secret) {
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, secret + "\n", StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
