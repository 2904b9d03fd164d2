package org.musicrec.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ComposeFileTests {

    @Test
    void composeFileMatchesTheServicesConfiguration() {
        Map<String, Object> compose = Yaml.readOne(Repo.ROOT.resolve("docker-compose.yml"));

        assertThat(ComposeRules.check(compose, Repo.apps())).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void singleKafkaBrokerKeepsTransactionStateWithOneReplica() {
        Map<String, Object> compose = Yaml.readOne(Repo.ROOT.resolve("docker-compose.yml"));
        Map<String, Object> kafka = ((Map<String, Map<String, Object>>) compose.get("services")).get("kafka");

        assertThat(ComposeRules.environment(kafka))
                .containsEntry("KAFKA_PROCESS_ROLES", "broker,controller")
                .containsEntry("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
                .containsEntry("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
                .containsEntry("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1");
    }
}
