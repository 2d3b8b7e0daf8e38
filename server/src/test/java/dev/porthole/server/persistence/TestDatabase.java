package dev.porthole.server.persistence;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A fresh, migrated database for one test class: an in-memory H2, or a new database on the local PostgreSQL
 * server (127.0.0.1:5432, or {@code PORTHOLE_TEST_POSTGRES_URL}), dropped again at {@link #close()}.
 */
public final class TestDatabase implements AutoCloseable {
    private static final String POSTGRES_ADMIN_URL =
            System.getenv().getOrDefault("PORTHOLE_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
    private static final String POSTGRES_USER = System.getenv().getOrDefault("PORTHOLE_TEST_POSTGRES_USER", "postgres");

    private final String name;
    private final DataSource dataSource;
    private final Runnable drop;

    private TestDatabase(String name, DataSource dataSource, Runnable drop) {
        this.name = name;
        this.dataSource = dataSource;
        this.drop = drop;
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }

    public static TestDatabase h2() {
        String url = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        var dataSource = new DriverManagerDataSource(url, "sa", "");
        return new TestDatabase("H2", dataSource, () -> {
            try (Connection c = dataSource.getConnection()) {
                c.createStatement().execute("SHUTDOWN");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    public static TestDatabase postgres() {
        String database = "porthole_test_" + UUID.randomUUID().toString().replace("-", "");
        admin("CREATE DATABASE " + database);
        String url = POSTGRES_ADMIN_URL.substring(0, POSTGRES_ADMIN_URL.lastIndexOf('/') + 1) + database;
        var dataSource = new DriverManagerDataSource(url, POSTGRES_USER, "");
        return new TestDatabase("PostgreSQL", dataSource, () -> admin("DROP DATABASE " + database + " WITH (FORCE)"));
    }

    /** Both databases the server supports, for parameterized tests. */
    public static List<Supplier<TestDatabase>> both() {
        return List.of(TestDatabase::h2, TestDatabase::postgres);
    }

    private static void admin(String sql) {
        try (Connection c = DriverManager.getConnection(POSTGRES_ADMIN_URL, POSTGRES_USER, "")) {
            c.createStatement().execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "PostgreSQL at " + POSTGRES_ADMIN_URL + " refused: " + sql + " (" + e.getMessage()
                            + "); ./porthole test starts it when it is missing",
                    e);
        }
    }

    public JdbcClient jdbc() {
        return JdbcClient.create(dataSource);
    }

    public TransactionTemplate transactions() {
        return new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    @Override
    public void close() {
        drop.run();
    }

    @Override
    public String toString() {
        return name;
    }
}
