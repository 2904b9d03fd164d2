package org.musicrec.cli.hetrec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HetrecDataTests {

    /** A tiny synthetic folder in the HetRec layout, written per test (no real data is committed). */
    @TempDir
    static Path MINI;

    @BeforeAll
    static void writeFixture() throws Exception {
        write("artists.dat", "id\tname\turl\tpictureURL", "1\tAlpha Band\thttp://x\thttp://y", "2\tBeta\t\t",
                "3\tGamma\t\t");
        write("tags.dat", "tagID\ttagValue", "10\trock", "11\tindie", "12\tjazz");
        write("user_taggedartists.dat", "userID\tartistID\ttagID\tday\tmonth\tyear", "7\t1\t10\t1\t4\t2009",
                "8\t1\t10\t1\t4\t2009", "8\t1\t11\t1\t4\t2009", "7\t2\t12\t2\t4\t2009");
        write("user_artists.dat", "userID\tartistID\tweight", "7\t1\t120", "7\t2\t5", "8\t1\t9");
        write("user_artist_sequence.tsv", "userID\tartistID\tartistName\tfirstTagDate",
                "7\t1\tAlpha Band\t2009-04-01", "7\t3\tGamma\t2009-04-01", "7\t2\tBeta\t2009-04-02",
                "8\t1\tAlpha Band\t2009-04-01");
    }

    private static void write(String name, String... lines) throws Exception {
        java.nio.file.Files.write(MINI.resolve(name), java.util.List.of(lines));
    }

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
        assertThatThrownBy(() -> HetrecData.load(MINI.resolve("missing")))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("artists.dat").hasMessageContaining("HetRec");
    }
}
