package org.musicrec.recommender.registry;

import java.nio.file.Path;
import org.musicrec.recommender.ranking.Ranker;

/** Opens a model directory as a ranker; throws when the directory is not a model this service can serve. */
@FunctionalInterface
public interface RankerLoader {

    Ranker load(Path modelDir);
}
