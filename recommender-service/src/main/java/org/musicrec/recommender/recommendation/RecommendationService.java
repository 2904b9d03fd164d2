package org.musicrec.recommender.recommendation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.musicrec.recommender.catalog.CatalogService;
import org.musicrec.recommender.catalog.CatalogTrack;
import org.musicrec.recommender.history.HistoryService;
import org.musicrec.recommender.popularity.PopularityRanker;
import org.musicrec.recommender.ranking.Ranker;
import org.musicrec.recommender.ranking.ScoredTrack;
import org.musicrec.recommender.vectors.TrackVectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * Builds a user's recommendations: the model ranks over the fresh history, then the serving rules apply
 * (exclude played tracks, cap tracks per artist, optional tag filter). No history, or no model, means
 * popular tracks.
 */
@Service
public class RecommendationService {

    private final HistoryService history;
    private final CatalogService catalog;
    private final PopularityRanker popularity;
    private final ObjectProvider<RankerSource> models;
    private final RecommendationProperties properties;
    private final TrackVectors vectors;

    RecommendationService(HistoryService history, CatalogService catalog, PopularityRanker popularity,
                          ObjectProvider<RankerSource> models, RecommendationProperties properties,
                          TrackVectors vectors) {
        this.vectors = vectors;
        this.history = history;
        this.catalog = catalog;
        this.popularity = popularity;
        this.models = models;
        this.properties = properties;
    }

    /** The request's options; null means "the configured default". */
    public record Options(Integer limit, Boolean excludePlayed, String tag) {
    }

    public Recommendation recommend(String userId, Options options) {
        int limit = options.limit() == null ? properties.defaultLimit() : options.limit();
        if (limit < 1 || limit > properties.maxLimit()) {
            throw new IllegalArgumentException("limit: must be between 1 and " + properties.maxLimit());
        }
        boolean excludePlayed = options.excludePlayed() == null ? properties.excludePlayed() : options.excludePlayed();
        List<String> recent = history.recentTracks(userId, properties.historyLength());
        Set<String> played = excludePlayed ? history.playedTracks(userId) : Set.of();

        RankerSource source = models.getIfAvailable();
        Ranker model = source == null ? null : source.current().orElse(null);
        // a history of tracks the model has never seen (all added after its training) gives it nothing to attend to:
        // such a user is ranked like one without history, and new tracks close to their listens still get their slots
        boolean useModel = model != null && recent.stream().anyMatch(model::knows);
        Ranker ranker = useModel ? model : popularity;
        Predicate<String> eligible = eligible(played, options.tag());
        Predicate<String> artistCap = artistCap();
        // tracks the model has never seen (added after its training) can only be placed by their content vectors; they
        // take at most newTrackSlots places, never more than a fifth of the list, and come after the model's tracks
        List<TrackVectors.Match> newTracks = model != null && !recent.isEmpty() && properties.newTrackSlots() > 0
                ? vectors.closestTo(recent, id -> !model.knows(id) && catalog.find(id).isPresent() && eligible.test(id),
                        Math.min(properties.newTrackSlots(), limit / 5), properties.newTrackMinSimilarity())
                : List.of();
        List<ScoredTrack> ranked = ranker.rank(recent, limit - newTracks.size(), eligible.and(artistCap));

        List<Recommendation.RecommendedTrack> items = new java.util.ArrayList<>(ranked.stream().map(this::describe).toList());
        newTracks = newTracks.stream().filter(m -> artistCap.test(m.trackId())).toList();
        newTracks.stream().map(this::describeNew).forEach(items::add);
        return new Recommendation(userId, ranker.modelVersion(), useModel ? "attention" : "popular", model == null,
                items);
    }

    /** Stateless rules: not played (when excluded), has the requested tag. */
    private Predicate<String> eligible(Set<String> played, String tag) {
        return trackId -> {
            if (played.contains(trackId)) {
                return false;
            }
            if (tag == null) {
                return true;
            }
            CatalogTrack track = catalog.find(trackId).orElse(null);
            return track != null && track.hasTag(tag);
        };
    }

    /** Stateful: counts what it lets through, at most maxPerArtist tracks of one artist (0 = no cap). */
    private Predicate<String> artistCap() {
        Map<String, Integer> perArtist = new HashMap<>();
        int cap = properties.maxPerArtist();
        return trackId -> {
            CatalogTrack track = catalog.find(trackId).orElse(null);
            if (cap > 0 && track != null) {
                return perArtist.merge(track.artist(), 1, Integer::sum) <= cap;
            }
            return true;
        };
    }

    private Recommendation.RecommendedTrack describeNew(TrackVectors.Match match) {
        CatalogTrack track = catalog.find(match.trackId()).orElse(null);
        String name = catalog.find(match.closestHistoryTrack()).map(CatalogTrack::title).orElse(match.closestHistoryTrack());
        return new Recommendation.RecommendedTrack(match.trackId(), match.similarity(),
                track == null ? null : track.title(), track == null ? null : track.artist(),
                track == null ? List.of() : track.tags(), match.closestHistoryTrack(),
                "new in the catalogue, close to " + name + " that you played");
    }

    private Recommendation.RecommendedTrack describe(ScoredTrack scored) {
        CatalogTrack track = catalog.find(scored.trackId()).orElse(null);
        String reason;
        if (scored.becauseOf() != null) {
            String name = catalog.find(scored.becauseOf()).map(CatalogTrack::title).orElse(scored.becauseOf());
            reason = "because you played " + name;
        } else {
            reason = "popular with listeners";
        }
        return new Recommendation.RecommendedTrack(scored.trackId(), scored.score(),
                track == null ? null : track.title(), track == null ? null : track.artist(),
                track == null ? List.of() : track.tags(), scored.becauseOf(), reason);
    }
}
