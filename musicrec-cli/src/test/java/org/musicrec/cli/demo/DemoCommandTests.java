package org.musicrec.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.musicrec.cli.hetrec.HetrecImporter.Report;

class DemoCommandTests {

    private static Report imported(long accepted, long rejected, String... errors) {
        return new Report(10, 0, accepted + rejected, accepted, rejected, List.of(errors));
    }

    @Test
    void passesWhenTheSecondImportStoredNothingEvenWithOtherEventsInTheTable() {
        // 1,000 events of another client (or an earlier run) were in the table before: they do not matter
        assertThat(DemoCommand.importProblem(imported(500, 0), imported(500, 0), 500, 1_500, 1_500)).isEmpty();
    }

    @Test
    void failsNamingRejectedEvents() {
        assertThat(DemoCommand.importProblem(imported(499, 1, "event 7: trackId unknown"), imported(500, 0), 500, 1_500, 1_500))
                .hasValueSatisfying(why -> assertThat(why).contains("rejected 1 events of the first import")
                        .contains("event 7: trackId unknown"));
    }

    @Test
    void failsWhenTheSecondImportStoredEvents() {
        assertThat(DemoCommand.importProblem(imported(500, 0), imported(500, 0), 497, 1_500, 1_503))
                .hasValueSatisfying(why -> assertThat(why).contains("from 1,500 to 1,503"));
    }

    @Test
    void failsWhenNotEverySecondEventWasIgnoredAsADuplicate() {
        assertThat(DemoCommand.importProblem(imported(500, 0), imported(500, 0), 420, 1_500, 1_500))
                .hasValueSatisfying(why -> assertThat(why).contains("500 accepted events gave 420 ignored duplicates"));
    }
}
