package org.musicrec.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The Docker path of the test setup: runs where a Docker engine answers, and is skipped cleanly (not failed)
 * where none does; {@link RealServices} then uses the local services.
 */
@Testcontainers(disabledWithoutDocker = true)
class TestcontainersPathIT {

    @Container
    static final PostgreSQLContainer POSTGRES = new PostgreSQLContainer("postgres:16-alpine");

    @Test
    void containerPostgresAnswersQueries() throws Exception {
        try (Connection c = DriverManager.getConnection(POSTGRES.getJdbcUrl(), POSTGRES.getUsername(),
                POSTGRES.getPassword()); ResultSet rs = c.createStatement().executeQuery("SELECT 40 + 2")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(42);
        }
    }

    @Test
    void realServicesPicksTheSourceThatMatchesDocker() {
        assertThat(RealServices.endpoints().source()).isEqualTo("testcontainers");
    }
}
