package org.musicrec.recommender.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.musicrec.recommender.ranking.ItemVocabulary;

/** Co-listening neighbours against hand-computed weights, and the held-out pairs kept out of them. */
class CoListeningTests {

    @TempDir
    Path temp;

    @Test
    void neighboursAreShrunkCosinesOfTheAudiences() {
        Map<String, Set<String>> plays = new LinkedHashMap<>();
        plays.put("u1", Set.of("a", "b", "c"));
        plays.put("u2", Set.of("a", "b"));
        plays.put("u3", Set.of("a", "x"));
        ItemVocabulary vocabulary = ItemVocabulary.of(List.of("a", "b", "c"));

        Map<String, Map<String, Double>> neighbours = CoListening.neighbours(plays, vocabulary, 2, 1.0);

        // listeners: a 3, b 2, c 1, x 1. a-b share 2, a-c 1, a-x 1, b-c 1
        assertThat(neighbours.get("a")).containsOnlyKeys("listened-with:b", "listened-with:c");
        assertThat(neighbours.get("a").get("listened-with:b")).isCloseTo(2 / (Math.sqrt(6) + 1), offset(1e-9));
        // c (1 / (sqrt(3) + 1) = 0.366) and x tie: the id breaks it
        assertThat(neighbours.get("a").get("listened-with:c")).isCloseTo(1 / (Math.sqrt(3) + 1), offset(1e-9));
        assertThat(neighbours.get("b")).containsOnlyKeys("listened-with:a", "listened-with:c");
        assertThat(neighbours.get("c").get("listened-with:b")).isCloseTo(1 / (Math.sqrt(2) + 1), offset(1e-9));
        // x is not in the vocabulary: it is a neighbour, it has none of its own
        assertThat(neighbours).containsOnlyKeys("a", "b", "c");
    }

    @Test
    void hetrecPlaysLeaveOutTheHeldOutPairsAndAddTheHistories() throws IOException {
        Files.writeString(temp.resolve("user_artists.dat"), """
                userID\tartistID\tweight
                2\t51\t13883
                2\t52\t11690
                3\t51\t100
                3\t53\t0
                """);
        Map<String, Set<String>> plays = CoListening.hetrecPlays(temp, Set.of("2\t52"));
        assertThat(plays).containsOnlyKeys("2", "3");
        assertThat(plays.get("2")).containsExactly("51");
        assertThat(plays.get("3")).containsExactly("51"); // a weight of 0 is no play

        ItemVocabulary vocabulary = ItemVocabulary.of(List.of("51", "60"));
        Map<String, Set<String>> merged = CoListening.withHistories(plays, List.of("3", "4"),
                new int[][] {{2}, {1, 2}}, vocabulary);
        assertThat(merged.get("3")).containsExactlyInAnyOrder("51", "60");
        assertThat(merged.get("4")).containsExactlyInAnyOrder("51", "60");
        assertThat(plays.get("3")).containsExactly("51"); // the input is not changed
        assertThat(Arrays.stream(CoListening.baskets(merged, vocabulary)).map(Arrays::toString))
                .containsExactlyInAnyOrder("[1]", "[1, 2]", "[1, 2]");
        assertThat(CoListening.hetrecPlays(temp.resolve("missing"), Set.of())).isEmpty();
    }
}
