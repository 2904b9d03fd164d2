package org.musicrec.recommender.recommendation;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.musicrec.recommender.RecommenderIntegrationTest;
import org.musicrec.recommender.catalog.CatalogService;
import org.musicrec.recommender.popularity.PopularityRanker;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The serving rules over real data in PostgreSQL, through real HTTP. */
class RecommendationIT extends RecommenderIntegrationTest {

    private static final String P = "rit-" + UUID.randomUUID().toString().substring(0, 6) + "-";
    private static boolean seeded;

    @Autowired
    JdbcClient jdbc;
    @Autowired
    PopularityRanker popularity;
    @Autowired
    CatalogService catalog;
    @Autowired
    org.musicrec.recommender.registry.ActiveModel models;
    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @BeforeEach
    void seed() {
        models.swap().unload();
        if (seeded) {
            return;
        }
        // popularity order: a1 > a2 > a3 > b1 > c1 ; artist A has three tracks
        track("a1", "Alpha", List.of("rock"));
        track("a2", "Alpha", List.of("rock"));
        track("a3", "Alpha", List.of("rock"));
        track("b1", "Beta", List.of("jazz"));
        track("c1", "Gamma", List.of("rock", "indie"));
        int n = 0;
        for (String[] row : new String[][] {{"a1", "9"}, {"a2", "8"}, {"a3", "7"}, {"b1", "6"}, {"c1", "5"}}) {
            for (int i = 0; i < Integer.parseInt(row[1]); i++) {
                event("listener" + (n++), row[0], "PLAY");
            }
        }
        event("me", "a1", "PLAY");
        event("me", "b1", "SKIP");
        popularity.refresh();
        catalog.refresh();
        seeded = true;
    }

    private void track(String id, String artist, List<String> tags) {
        jdbc.sql("INSERT INTO tracks (track_id, title, artist, tags, updated_at) VALUES (?, ?, ?, ?, now())")
                .params(P + id, "Song " + id, P + artist, tags.toArray(String[]::new)).update();
    }

    private void event(String user, String track, String type) {
        jdbc.sql("""
                        INSERT INTO listening_events (event_id, user_id, track_id, event_type, occurred_at)
                        VALUES (?, ?, ?, ?, ?)""")
                .params(UUID.randomUUID().toString(), P + user, P + track, type, Timestamp.from(Instant.now()))
                .update();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private List<String> trackIds(JsonNode body) {
        List<String> ids = new ArrayList<>();
        body.get("items").forEach(i -> {
            if (i.get("trackId").asString().startsWith(P)) {
                ids.add(i.get("trackId").asString().substring(P.length()));
            }
        });
        return ids;
    }

    @Test
    void excludesPlayedTracksButNotSkippedOnesAndCapsTracksPerArtist() throws Exception {
        HttpResponse<String> response = get("/api/v1/users/" + P + "me/recommendations?limit=100");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json.readTree(response.body());
        // a1 played -> out; cap 3 per artist keeps a2, a3; the skipped b1 stays a candidate
        assertThat(trackIds(body)).containsExactly("a2", "a3", "b1", "c1");
        assertThat(body.get("fallback").asBoolean()).isTrue();
        assertThat(body.get("model").asString()).isEqualTo("popularity");
        assertThat(body.get("items").get(0).get("reason").asString()).isEqualTo("popular with listeners");
    }

    @Test
    void newUsersGetPopularTracksAndTheTagFilterApplies() throws Exception {
        JsonNode all = json.readTree(get("/api/v1/users/" + P + "newcomer/recommendations?limit=100").body());
        assertThat(trackIds(all)).containsExactly("a1", "a2", "a3", "b1", "c1");
        JsonNode indie = json.readTree(get("/api/v1/users/" + P + "newcomer/recommendations?limit=100&tag=INDIE").body());
        assertThat(trackIds(indie)).containsExactly("c1");
        JsonNode withPlayed = json.readTree(
                get("/api/v1/users/" + P + "me/recommendations?limit=100&excludePlayed=false").body());
        assertThat(trackIds(withPlayed)).startsWith("a1");
    }

    @Test
    void popularityCopesWithEventsCenturiesApart() {
        // written straight to the table, as old data could be: the decay must not underflow
        String ancient = "ancient-" + UUID.randomUUID();
        jdbc.sql("INSERT INTO tracks (track_id, title, artist, tags, updated_at) VALUES (?, 'Old', 'Old', '{}', now())")
                .params(ancient).update();
        for (String user : List.of("someone-old", "someone-older")) {
            jdbc.sql("INSERT INTO listening_events (event_id, user_id, track_id, event_type, occurred_at)"
                            + " VALUES (?, ?, ?, 'PLAY', ?)")
                    .params(UUID.randomUUID().toString(), user, ancient, Timestamp.from(Instant.parse(
                            "0001-01-01T00:00:00Z"))).update();
        }
        popularity.refresh();
        var ranked = popularity.rank(List.of(), 1000, t -> t.equals(ancient) || t.equals(P + "a1"));
        assertThat(ranked).extracting(s -> s.trackId()).containsExactly(P + "a1", ancient);
        assertThat(ranked.get(1).score()).isGreaterThanOrEqualTo(0.0).isFinite();
    }

    @Test
    void oneListenerCannotMakeATrackPopularAndUnknownTracksNeverAre() {
        // a spammer: 300 plays of a million each on one catalogue track, and two listeners on a track id the
        // catalogue does not have
        String spammed = P + "spam-" + UUID.randomUUID();
        String unknown = P + "unknown-" + UUID.randomUUID();
        track(spammed.substring(P.length()), "Spam", List.of("rock"));
        for (int i = 0; i < 300; i++) {
            jdbc.sql("INSERT INTO listening_events (event_id, user_id, track_id, event_type, occurred_at, play_count)"
                            + " VALUES (?, ?, ?, 'LIKE', ?, 1000000)")
                    .params(UUID.randomUUID().toString(), P + "spammer", spammed, Timestamp.from(Instant.now()))
                    .update();
        }
        event("u-x", unknown.substring(P.length()), "PLAY");
        event("u-y", unknown.substring(P.length()), "PLAY");
        popularity.refresh();
        List<String> ranked = popularity.rank(List.of(), 1000, t -> true).stream().map(s -> s.trackId()).toList();
        assertThat(ranked).doesNotContain(spammed, unknown);

        // a second listener lets the track in, but the spammer's weight is capped: a1's ten listeners stay ahead
        event("second-listener", spammed.substring(P.length()), "PLAY");
        popularity.refresh();
        ranked = popularity.rank(List.of(), 1000, t -> true).stream().map(s -> s.trackId()).toList();
        assertThat(ranked).contains(spammed);
        assertThat(ranked.indexOf(P + "a1")).isLessThan(ranked.indexOf(spammed));
        jdbc.sql("DELETE FROM listening_events WHERE track_id IN (?, ?)").params(spammed, unknown).update();
        popularity.refresh();
    }

    @Test
    void badParametersAreProblemsNamingTheField() throws Exception {
        for (String[] c : new String[][] {
                {"/api/v1/users/" + P + "me/recommendations?limit=0", "limit"},
                {"/api/v1/users/" + P + "me/recommendations?limit=abc", "limit"},
                {"/api/v1/users/" + P + "me/recommendations?limit=5000", "limit"},
                {"/api/v1/users/" + P + "me/recommendations?tag=%FF", "query"},
                // read strictly: no hex, plus sign, spaces or other scripts' digits, no yes/on/1, no repeats
                {"/api/v1/users/" + P + "me/recommendations?limit=0x10", "limit"},
                {"/api/v1/users/" + P + "me/recommendations?limit=%2B5", "limit"},
                {"/api/v1/users/" + P + "me/recommendations?limit=%205", "limit"},
                {"/api/v1/users/" + P + "me/recommendations?limit=%EF%BC%95", "limit"},
                {"/api/v1/users/" + P + "me/recommendations?excludePlayed=yes", "excludePlayed"},
                {"/api/v1/users/" + P + "me/recommendations?tag=rock&tag=jazz", "tag"},
                {"/api/v1/users/" + P + "me/recommendations?limit=5&limit=6", "limit"},
                {"/api/v1/users/bad%20id!/recommendations", "userId"}}) {
            HttpResponse<String> r = get(c[0]);
            assertThat(r.statusCode()).as(c[0]).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                    v -> assertThat(v).startsWith("application/problem+json"));
            JsonNode problem = json.readTree(r.body());
            assertThat(problem.get("type").asString()).isEqualTo("/problems/invalid-request");
            assertThat(problem.get("errors").get(0).get("field").asString()).as(c[0]).isEqualTo(c[1]);
        }
    }

    /** Requests Tomcat refuses before any handler ({@code []} in a query, an encoded slash) are problem+json too. */
    @Test
    void whatTheContainerRefusesItselfIsAProblemNotAnHtmlPage() throws Exception {
        for (String target : new String[] {"/api/v1/users/u/recommendations?limit[]=5",
                "/api/v1/users/u/recommendations?x={}", "/api/v1/users/a%2Fb/recommendations"}) {
            try (java.net.Socket socket = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write(("GET " + target + " HTTP/1.0\r\nHost: localhost\r\n\r\n")
                        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                assertThat(answer).as(target).startsWith("HTTP/1.1 400");
                assertThat(answer.toLowerCase(java.util.Locale.ROOT)).as(target)
                        .contains("content-type: application/problem+json").doesNotContain("<html");
                JsonNode problem = json.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
                assertThat(problem.get("type").asString()).isEqualTo("/problems/invalid-request");
                assertThat(problem.get("status").asInt()).isEqualTo(400);
            }
        }
    }
}
