package org.musicrec.cli.hetrec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HetrecDataTests {

    private static final Path MINI = Path.of("src/test/resources/hetrec-mini");

    @Test
    void artistsBecomeTracksWithTheirMostUsedTagsFirst() throws Exception {
        HetrecData data = HetrecData.load(MINI);
        assertThat(data.tracks()).extracting(HetrecData.TrackRow::trackId)
                .containsExactly("artist-1", "artist-2", "artist-3");
        HetrecData.TrackRow alpha = data.tracks().get(0);
        assertThat(alpha.title()).isEqualTo("Alpha Band");
        assertThat(alpha.tags()).containsExactly("rock", "indie");
        assertThat(data.tracks().get(2).tags()).isEmpty();
    }

    @Test
    void sequenceRowsBecomeOrderedEventsWithPlayCountsAndStableIds() throws Exception {
        HetrecData data = HetrecData.load(MINI);
        assertThat(data.events()).hasSize(4);
        HetrecData.EventRow first = data.events().get(0);
        HetrecData.EventRow second = data.events().get(1);
        assertThat(first.userId()).isEqualTo("user-7");
        assertThat(first.playCount()).isEqualTo(120);
        assertThat(second.playCount()).isNull();
        // same user, same day: the file's order survives as one-second offsets
        assertThat(first.occurredAt()).isEqualTo(Instant.parse("2009-04-01T00:00:00Z"));
        assertThat(second.occurredAt()).isEqualTo(Instant.parse("2009-04-01T00:00:01Z"));
        assertThat(data.events().get(3).occurredAt()).isEqualTo(Instant.parse("2009-04-01T00:00:00Z"));
        assertThat(HetrecData.load(MINI).events().get(0).eventId()).isEqualTo(first.eventId());
        assertThat(data.events()).extracting(HetrecData.EventRow::eventId).doesNotHaveDuplicates();
        assertThat(data.users()).isEqualTo(2);
    }

    @Test
    void aFolderWithoutTheFilesIsAClearError() {
        assertThatThrownBy(() -> HetrecData.load(Path.of("src/test/resources")))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("artists.dat").hasMessageContaining("HetRec");
    }
}
