package org.musicrec.gateway.fallback;

import java.net.URI;
import java.time.Instant;
import java.util.Optional;
import org.musicrec.gateway.config.RouteProperties;
import org.musicrec.gateway.config.ServiceProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The last good list of popular tracks, fetched from the recommender for a user without history and kept in
 * memory, so that recommendations can still be answered while the recommender is down.
 */
@Component
public class PopularTracks {

    /** A user id no listener has: the recommender answers it with its popular list. */
    static final String ANONYMOUS = "gateway.popular";
    private static final Logger log = LoggerFactory.getLogger(PopularTracks.class);

    private record Snapshot(String model, ArrayNode items, Instant fetchedAt) {
    }

    private final RestClient recommender;
    private final URI source;
    private final JsonMapper json;
    private volatile Snapshot snapshot;

    PopularTracks(RecommenderClient client, ServiceProperties services, RouteProperties routes, JsonMapper json) {
        this.recommender = client.restClient();
        this.json = json;
        this.source = UriComponentsBuilder.fromUri(services.recommenderUri())
                .path("/api/v1/users/{user}/recommendations")
                .queryParam("limit", routes.popular().size()).queryParam("excludePlayed", false)
                .buildAndExpand(ANONYMOUS).toUri();
    }

    @Scheduled(initialDelay = 0, fixedDelayString = "${musicrec.routes.popular.refresh-interval}")
    public void refresh() {
        try {
            JsonNode body = json.readTree(recommender.get().uri(source).retrieve().body(byte[].class));
            if (body.get("items") instanceof ArrayNode items && !items.isEmpty()) {
                boolean first = snapshot == null;
                snapshot = new Snapshot(body.path("model").asString("popularity"), items, Instant.now());
                if (first) {
                    log.info("holding {} popular tracks for the recommendation fallback", items.size());
                }
            }
        } catch (RestClientException | JacksonException | IllegalArgumentException e) {
            log.debug("popular tracks not refreshed: {}", e.getMessage());
        }
    }

    /** A fallback answer for {@code userId} with at most {@code limit} tracks, empty before the first refresh. */
    Optional<ObjectNode> fallbackFor(String userId, int limit) {
        Snapshot s = snapshot;
        if (s == null) {
            return Optional.empty();
        }
        ObjectNode body = json.createObjectNode();
        body.put("userId", userId);
        body.put("model", s.model());
        body.put("strategy", "popular");
        body.put("fallback", true);
        body.put("fallbackReason", "the recommender is unavailable; popular tracks as of " + s.fetchedAt());
        ArrayNode items = body.putArray("items");
        for (int i = 0; i < Math.min(limit, s.items().size()); i++) {
            items.add(s.items().get(i));
        }
        return Optional.of(body);
    }
}
