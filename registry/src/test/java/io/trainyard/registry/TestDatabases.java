package io.trainyard.registry;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

/** Datasource properties for a fresh H2 or PostgreSQL database, one per test class. */
public final class TestDatabases {

  private static EmbeddedPostgres postgres;

  private TestDatabases() {}

  /** A new H2 file database in a temporary directory, opened the way {@code trainyard dev} opens its own. */
  public static Map<String, String> h2File() {
    try {
      Path directory = Files.createTempDirectory("trainyard-registry");
      String url = "jdbc:h2:file:" + directory.resolve("registry") + ";AUTO_SERVER=TRUE";
      return properties(url, "sa", "", "org.h2.Driver", "H2");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A private in-memory H2 database. */
  public static Map<String, String> h2() {
    String url = "jdbc:h2:mem:" + uniqueName() + ";DB_CLOSE_DELAY=-1";
    return properties(url, "sa", "", "org.h2.Driver", "H2");
  }

  /** A new database on the JVM's one embedded PostgreSQL server (started on first use). */
  public static synchronized Map<String, String> postgres() {
    try {
      if (postgres == null) {
        postgres = EmbeddedPostgres.start();
        Runtime.getRuntime().addShutdownHook(new Thread(TestDatabases::stopPostgres));
      }
      return postgres(postgres);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A new database on a PostgreSQL server of the test's own (one it may stop). */
  public static Map<String, String> postgres(EmbeddedPostgres server) {
    try {
      String database = uniqueName();
      try (Connection connection = server.getPostgresDatabase().getConnection();
          Statement statement = connection.createStatement()) {
        statement.execute("CREATE DATABASE " + database);
      }
      return properties(
          server.getJdbcUrl("postgres", database), "postgres", "postgres",
          "org.postgresql.Driver", "POSTGRES");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create a test database", e);
    }
  }

  private static void stopPostgres() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String uniqueName() {
    return "registry_" + UUID.randomUUID().toString().replace("-", "");
  }

  private static Map<String, String> properties(
      String url, String user, String password, String driver, String dialect) {
    return Map.of(
        "datasources.default.url", url,
        "datasources.default.username", user,
        "datasources.default.password", password,
        "datasources.default.driver-class-name", driver,
        "datasources.default.dialect", dialect,
        "datasources.default.maximum-pool-size", "12",
        "flyway.datasources.default.enabled", "true");
  }
}
