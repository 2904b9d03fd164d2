package org.musicrec.cli.infra;

/**
 * Ports of the local infrastructure, from the environment: {@code MUSICREC_KAFKA_PORT} (9092),
 * {@code MUSICREC_KAFKA_CONTROLLER_PORT} (9093), {@code MUSICREC_PG_PORT} (5432), {@code MUSICREC_PG_USER}
 * (postgres), {@code MUSICREC_PG_PASSWORD} (none), {@code MUSICREC_DB} (musicrec).
 */
public record InfraSettings(int kafkaPort, int kafkaControllerPort, int postgresPort, String postgresUser,
                            String postgresPassword, String database) {

    public static InfraSettings fromEnvironment() {
        return new InfraSettings(intEnv("MUSICREC_KAFKA_PORT", 9092), intEnv("MUSICREC_KAFKA_CONTROLLER_PORT", 9093),
                intEnv("MUSICREC_PG_PORT", 5432), env("MUSICREC_PG_USER", "postgres"), env("MUSICREC_PG_PASSWORD", ""),
                env("MUSICREC_DB", "musicrec"));
    }

    public String kafkaBootstrap() {
        return "127.0.0.1:" + kafkaPort;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgresPort + "/" + database;
    }

    public String adminJdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgresPort + "/postgres";
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    private static int intEnv(String name, int fallback) {
        String v = env(name, null);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a port number, got '" + v + "'");
        }
    }
}
