package org.musicrec.recommender.recommendation;

import java.util.Optional;
import org.musicrec.recommender.ranking.Ranker;

/** Supplies the model ranker that serves now, if one is loaded; it may change between calls (hot swap). */
@FunctionalInterface
public interface RankerSource {

    Optional<Ranker> current();
}
