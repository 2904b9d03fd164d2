package org.musicrec.recommender.registry;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.musicrec.recommender.ranking.Ranker;
import org.musicrec.recommender.recommendation.RankerSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The model this replica serves: follows the registry's active version, loads a new one next to the old and
 * swaps atomically, so no request fails during a swap. A version that cannot be loaded is rejected in the
 * registry and the old model keeps serving. A replaced model is closed after a grace period, when no request
 * can still be using it.
 */
@Component
public class ActiveModel implements RankerSource, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ActiveModel.class);

    private record Loaded(String versionId, Ranker ranker, Path dir) {
    }

    private final ModelRegistry registry;
    private final RankerLoader loader;
    private final Path workDir;
    private final Duration closeGrace;
    private final AtomicReference<Loaded> current = new AtomicReference<>();
    private final ScheduledExecutorService closer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "model-closer");
        t.setDaemon(true);
        return t;
    });

    public ActiveModel(ModelRegistry registry, RankerLoader loader,
                       @Value("${musicrec.models.work-dir:${java.io.tmpdir}/musicrec-models}") Path workDir,
                       @Value("${musicrec.models.close-grace:60s}") Duration closeGrace) {
        this.registry = registry;
        this.loader = loader;
        this.workDir = workDir;
        this.closeGrace = closeGrace;
    }

    @Override
    public Optional<Ranker> current() {
        Loaded loaded = current.get();
        return loaded == null ? Optional.empty() : Optional.of(loaded.ranker());
    }

    /** The version id being served, if any. */
    public Optional<String> versionId() {
        return Optional.ofNullable(current.get()).map(Loaded::versionId);
    }

    /** Follows the registry: loads the active version when it differs from the one served. */
    @Scheduled(fixedDelayString = "${musicrec.models.poll-interval:10s}")
    public synchronized void sync() {
        try {
            registry.active().ifPresent(active -> {
                Loaded loaded = current.get();
                if (loaded == null || !loaded.versionId().equals(active.versionId())) {
                    try {
                        swapTo(active.versionId());
                    } catch (ModelRejectedException e) {
                        registry.reject(active.versionId(), e.getMessage());
                        log.error("model {} refused, still serving {}: {}", active.versionId(),
                                loaded == null ? "popularity" : loaded.versionId(), e.getMessage());
                    }
                }
            });
        } catch (RuntimeException e) {
            log.warn("model registry not readable, keeping the current model: {}", e.getMessage());
        }
    }

    /**
     * Loads the version and serves it from now on.
     *
     * @throws ModelRejectedException when it cannot be loaded; the old model keeps serving
     */
    public synchronized void swapTo(String versionId) {
        byte[] archive = registry.archive(versionId);
        Path dir = null;
        Ranker ranker;
        try {
            dir = ModelArchive.unpack(archive, workDir);
            ranker = loader.load(dir);
        } catch (Exception e) {
            ModelArchive.deleteQuietly(dir);
            throw new ModelRejectedException("model " + versionId + " cannot be served: " + e.getMessage(), e);
        }
        Loaded previous = current.getAndSet(new Loaded(versionId, ranker, dir));
        log.info("serving model {} (was {})", versionId, previous == null ? "popularity" : previous.versionId());
        if (previous != null) {
            closer.schedule(() -> close(previous), closeGrace.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private static void close(Loaded loaded) {
        if (loaded.ranker() instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                log.warn("closing model {}: {}", loaded.versionId(), e.getMessage());
            }
        }
        ModelArchive.deleteQuietly(loaded.dir());
    }

    @Override
    public void destroy() {
        closer.shutdownNow();
        Loaded loaded = current.getAndSet(null);
        if (loaded != null) {
            close(loaded);
        }
    }
}
