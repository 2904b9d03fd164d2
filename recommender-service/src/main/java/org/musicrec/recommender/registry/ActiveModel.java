package org.musicrec.recommender.registry;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.musicrec.recommender.ranking.Ranker;
import org.musicrec.recommender.ranking.SavedModelRanker;
import org.musicrec.recommender.recommendation.RankerSource;
import org.musicrec.registry.HotSwap;
import org.musicrec.registry.ModelRegistry;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** The attention model this replica serves, following the registry's active ranker version. */
@Component
public class ActiveModel implements RankerSource, DisposableBean {

    public static final String KIND = "ranker";

    private final HotSwap<Ranker> swap;

    ActiveModel(JdbcClient jdbc,
                @Value("${musicrec.models.work-dir:${java.io.tmpdir}/musicrec-models}") Path workDir,
                @Value("${musicrec.models.close-grace:60s}") Duration closeGrace) {
        this.swap = new HotSwap<>(new ModelRegistry(jdbc, KIND), SavedModelRanker::load, workDir, closeGrace);
    }

    @Override
    public Optional<Ranker> current() {
        return swap.model();
    }

    public HotSwap<Ranker> swap() {
        return swap;
    }

    @Scheduled(fixedDelayString = "${musicrec.models.poll-interval:10s}")
    void sync() {
        swap.sync();
    }

    @Override
    public void destroy() {
        swap.close();
    }
}
