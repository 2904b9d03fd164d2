package org.musicrec.recommender.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.musicrec.events.TrackChanged;
import org.musicrec.recommender.RecommenderIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Replicas share the catalogue table: each reloads what the others stored by the database's clock, so a record
 * whose producer time is old (a slow producer, a replayed topic) still reaches every replica, and a record older than
 * the stored version changes neither the table nor the memory of the replica that consumed it. Real PostgreSQL.
 */
class CatalogRefreshIT extends RecommenderIntegrationTest {

    @Autowired
    CatalogRepository repository;

    private final String p = "cr" + UUID.randomUUID().toString().substring(0, 6).toLowerCase(Locale.ROOT);

    @Test
    void anotherReplicaSeesLateRecordsAndOldRecordsDoNotWin() {
        CatalogService consumer = new CatalogService(repository);
        CatalogService other = new CatalogService(repository);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        consumer.upsert(new TrackChanged(p + "-new", "New", "Band", List.of("rock"), now));
        other.refresh();
        assertThat(other.find(p + "-new")).isPresent();

        // stored after the other replica's last refresh, but with a producer time an hour older than what it has seen
        consumer.upsert(new TrackChanged(p + "-late", "Late", "Band", List.of("jazz"), now.minusSeconds(3600)));
        other.refresh();
        assertThat(other.find(p + "-late")).map(CatalogTrack::title).contains("Late");

        // an older version of a stored track: ignored by the table and by the consumer's memory
        consumer.upsert(new TrackChanged(p + "-new", "Old title", "Band", List.of(), now.minusSeconds(60)));
        assertThat(consumer.find(p + "-new")).map(CatalogTrack::title).contains("New");
        other.refresh();
        assertThat(other.find(p + "-new")).map(CatalogTrack::title).contains("New");

        // a newer version wins everywhere
        consumer.upsert(new TrackChanged(p + "-new", "Renamed", "Band", List.of("pop"), now.plusSeconds(1)));
        other.refresh();
        assertThat(consumer.find(p + "-new")).map(CatalogTrack::title).contains("Renamed");
        assertThat(other.find(p + "-new")).map(CatalogTrack::tags).contains(List.of("pop"));
    }
}
