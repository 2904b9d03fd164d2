package org.musicrec.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Whatever the source, the endpoints are a real PostgreSQL and a real Kafka broker. */
class RealServicesIT {

    @Test
    void databaseIsFreshAndWritable() throws Exception {
        RealServices.Endpoints e = RealServices.endpoints();
        try (Connection c = DriverManager.getConnection(e.jdbcUrl(), e.jdbcUser(), e.jdbcPassword())) {
            c.createStatement().execute("CREATE TABLE probe (id int)");
            c.createStatement().execute("INSERT INTO probe VALUES (7)");
            try (ResultSet rs = c.createStatement().executeQuery("SELECT sum(id) FROM probe")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(7);
            }
        }
    }

    @Test
    void brokerStoresAndReturnsRecords() {
        String topic = RealServices.topic("probe-" + UUID.randomUUID().toString().substring(0, 8));
        KafkaTestClient.send(topic, "k", "hello");
        var records = KafkaTestClient.readUntil(topic, Duration.ofSeconds(30), r -> !r.isEmpty());
        assertThat(records).extracting(r -> r.key() + "=" + r.value()).containsExactly("k=hello");
    }
}
