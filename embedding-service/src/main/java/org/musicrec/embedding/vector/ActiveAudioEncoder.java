package org.musicrec.embedding.vector;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.musicrec.embedding.model.AudioEncoder;
import org.musicrec.embedding.model.SavedModelAudioEncoder;
import org.musicrec.registry.HotSwap;
import org.musicrec.registry.ModelRegistry;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** The audio encoder this replica serves, following the registry's active version. */
@Component
public class ActiveAudioEncoder implements DisposableBean {

    public static final String KIND = "audio-encoder";

    private final HotSwap<AudioEncoder> swap;

    ActiveAudioEncoder(JdbcClient jdbc,
                       @Value("${musicrec.models.work-dir:${java.io.tmpdir}/musicrec-models}") Path workDir,
                       @Value("${musicrec.models.close-grace:60s}") Duration closeGrace,
                       @Value("${musicrec.models.encoder-threads:2}") int threads) {
        this.swap = new HotSwap<>(new ModelRegistry(jdbc, KIND), dir -> SavedModelAudioEncoder.load(dir, threads),
                workDir, closeGrace);
    }

    public Optional<AudioEncoder> encoder() {
        return swap.model();
    }

    public HotSwap<AudioEncoder> swap() {
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
