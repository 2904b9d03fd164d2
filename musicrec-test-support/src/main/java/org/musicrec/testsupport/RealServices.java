package org.musicrec.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The one way integration tests reach a real PostgreSQL and a real Kafka broker: Testcontainers when a
 * Docker engine answers, otherwise the local services that {@code ./musicrec infra up} starts
 * (overridable with {@code MUSICREC_IT_POSTGRES_URL}, {@code MUSICREC_IT_POSTGRES_USER} and
 * {@code MUSICREC_IT_KAFKA}). Each test JVM gets its own fresh database and its own topic names, so
 * runs never see each other's data.
 */
public final class RealServices {

    /** Suffix of every topic and database name of this test JVM. */
    public static final String RUN_ID = LocalDateTime.now().format(DateTimeFormatter.ofPattern("MMddHHmmss"))
            + "_" + UUID.randomUUID().toString().substring(0, 6);

    private static volatile Endpoints endpoints;

    private RealServices() {
    }

    /** Where the real services of this JVM are; starts containers or checks local services once. */
    public static synchronized Endpoints endpoints() {
        if (endpoints == null) {
            endpoints = dockerAvailable() ? fromContainers() : fromLocalServices();
        }
        return endpoints;
    }

    /** True when Testcontainers can reach a Docker engine. */
    public static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** A topic name private to this test JVM. */
    public static String topic(String base) {
        return base + "-it-" + RUN_ID;
    }

    /**
     * Registers datasource and Kafka properties for a Spring test context whose tables live in the given schema.
     */
    public static void register(DynamicPropertyRegistry registry) {
        Endpoints e = endpoints();
        registry.add("spring.datasource.url", e::jdbcUrl);
        registry.add("spring.datasource.username", e::jdbcUser);
        registry.add("spring.datasource.password", e::jdbcPassword);
        registry.add("spring.kafka.bootstrap-servers", e::kafkaBootstrap);
    }

    private static Endpoints fromContainers() {
        PostgreSQLContainer postgres = new PostgreSQLContainer("postgres:16-alpine");
        KafkaContainer kafka = new KafkaContainer("apache/kafka-native:4.1.0");
        postgres.start();
        kafka.start();
        return new Endpoints(postgres.getJdbcUrl(), postgres.getUsername(), postgres.getPassword(),
                kafka.getBootstrapServers(), "testcontainers");
    }

    private static Endpoints fromLocalServices() {
        String adminUrl = env("MUSICREC_IT_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
        String user = env("MUSICREC_IT_POSTGRES_USER", "postgres");
        String password = env("MUSICREC_IT_POSTGRES_PASSWORD", "");
        String kafka = env("MUSICREC_IT_KAFKA", "127.0.0.1:9092");
        String database = "musicrec_it_" + RUN_ID.toLowerCase(Locale.ROOT);
        try (Connection c = DriverManager.getConnection(adminUrl, user, password);
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        } catch (SQLException ex) {
            throw new IllegalStateException("No PostgreSQL at " + adminUrl + " (user " + user
                    + "). Start the local services with `./musicrec infra up`, or run Docker. " + ex.getMessage(), ex);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> dropQuietly(adminUrl, user, password, database)));
        checkKafka(kafka);
        String url = adminUrl.substring(0, adminUrl.lastIndexOf('/') + 1) + database;
        return new Endpoints(url, user, password, kafka, "local");
    }

    private static void checkKafka(String bootstrap) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        try (Admin admin = Admin.create(props)) {
            admin.describeCluster().clusterId().get(15, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException ex) {
            throw new IllegalStateException("No Kafka broker at " + bootstrap
                    + ". Start the local services with `./musicrec infra up`, or run Docker.", ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking Kafka", ex);
        }
    }

    private static void dropQuietly(String adminUrl, String user, String password, String database) {
        try (Connection c = DriverManager.getConnection(adminUrl, user, password);
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        } catch (SQLException ignored) {
            // a left-over test database is harmless; the next run uses a new name
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /**
     * Connection details of the real services.
     *
     * @param source {@code testcontainers} or {@code local}
     */
    public record Endpoints(String jdbcUrl, String jdbcUser, String jdbcPassword, String kafkaBootstrap,
                            String source) {
    }
}
