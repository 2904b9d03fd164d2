package org.musicrec.embedding.vector;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.musicrec.embedding.model.SavedModelTrackEncoder;
import org.musicrec.embedding.model.TrackEncoder;
import org.musicrec.embedding.model.TrackModelSpec;
import org.musicrec.registry.HotSwap;
import org.musicrec.registry.ModelRegistry;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The track encoder this replica serves, following the registry's active {@link TrackModelSpec#KIND} version.
 * Empty until one is trained and activated; then every track's vector comes from it.
 */
@Component
public class ActiveTrackEncoder implements DisposableBean {

    public static final String KIND = TrackModelSpec.KIND;

    private final HotSwap<TrackEncoder> swap;

    ActiveTrackEncoder(JdbcClient jdbc,
                       @Value("${musicrec.models.work-dir:${java.io.tmpdir}/musicrec-models}") Path workDir,
                       @Value("${musicrec.models.close-grace:60s}") Duration closeGrace,
                       @Value("${musicrec.models.encoder-threads:2}") int threads) {
        this.swap = new HotSwap<>(new ModelRegistry(jdbc, KIND), dir -> SavedModelTrackEncoder.load(dir, threads),
                workDir, closeGrace);
    }

    public Optional<TrackEncoder> encoder() {
        return swap.model();
    }

    public HotSwap<TrackEncoder> swap() {
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
