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

    RecommendationService(HistoryService history, CatalogService catalog, PopularityRanker popularity,
                          ObjectProvider<RankerSource> models, RecommendationProperties properties) {
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
        boolean useModel = model != null && !recent.isEmpty();
        Ranker ranker = useModel ? model : popularity;
        List<ScoredTrack> ranked = ranker.rank(recent, limit, candidateFilter(played, options.tag()));

        List<Recommendation.RecommendedTrack> items = ranked.stream().map(this::describe).toList();
        return new Recommendation(userId, ranker.modelVersion(), useModel ? "attention" : "popular", model == null,
                items);
    }

    private Predicate<String> candidateFilter(Set<String> played, String tag) {
        Map<String, Integer> perArtist = new HashMap<>();
        int cap = properties.maxPerArtist();
        return trackId -> {
            if (played.contains(trackId)) {
                return false;
            }
            CatalogTrack track = catalog.find(trackId).orElse(null);
            if (tag != null && (track == null || !track.hasTag(tag))) {
                return false;
            }
            if (cap > 0 && track != null) {
                int seen = perArtist.merge(track.artist(), 1, Integer::sum);
                return seen <= cap;
            }
            return true;
        };
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
