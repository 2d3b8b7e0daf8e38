package dev.porthole.server.settings;

import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Named settings as strings. */
@Repository
public class SettingsStore {
    private final JdbcClient jdbc;

    public SettingsStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<String> get(String name) {
        return jdbc.sql("SELECT setting_value FROM application_settings WHERE name = ?")
                .param(name)
                .query(String.class)
                .optional();
    }

    public void put(String name, String value) {
        if (jdbc.sql("UPDATE application_settings SET setting_value = ? WHERE name = ?")
                        .params(value, name)
                        .update()
                == 0) {
            jdbc.sql("INSERT INTO application_settings (name, setting_value) VALUES (?, ?)")
                    .params(name, value)
                    .update();
        }
    }

    /** The setting, created from {@code initial} if it does not exist yet; safe when instances race to create it. */
    public String getOrCreate(String name, Supplier<String> initial) {
        return get(name).orElseGet(() -> {
            try {
                jdbc.sql("INSERT INTO application_settings (name, setting_value) VALUES (?, ?)")
                        .params(name, initial.get())
                        .update();
            } catch (DuplicateKeyException raced) {
                // another instance created it first; use theirs
            }
            return get(name).orElseThrow();
        });
    }
}
