package org.musicrec.registry;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model a replica serves: follows the registry's active version, loads a new one next to the old and swaps
 * atomically, so no request fails during a swap. A version that cannot be loaded is rejected in the registry and
 * the old model keeps serving. A replaced model is closed after a grace period, when no request still uses it.
 *
 * @param <T> the served model, e.g. a ranker or an encoder
 */
public class HotSwap<T> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HotSwap.class);

    private record Loaded<T>(String versionId, T model, Path dir) {
    }

    private final ModelRegistry registry;
    private final Function<Path, T> loader;
    private final Path workDir;
    private final Duration closeGrace;
    private final AtomicReference<Loaded<T>> current = new AtomicReference<>();
    private final ScheduledExecutorService closer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "model-closer");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param loader opens a model directory; throws when it is not a model this service can serve
     */
    public HotSwap(ModelRegistry registry, Function<Path, T> loader, Path workDir, Duration closeGrace) {
        this.registry = registry;
        this.loader = loader;
        this.workDir = workDir;
        this.closeGrace = closeGrace;
    }

    public Optional<T> model() {
        Loaded<T> loaded = current.get();
        return loaded == null ? Optional.empty() : Optional.of(loaded.model());
    }

    public Optional<String> versionId() {
        return Optional.ofNullable(current.get()).map(Loaded::versionId);
    }

    public ModelRegistry registry() {
        return registry;
    }

    /**
     * Follows the registry: loads the active version when it differs from the one served; drops the model when
     * none is active; never loads a version that was rejected (the current model keeps serving).
     */
    public synchronized void sync() {
        Optional<ModelVersion> wanted;
        try {
            wanted = registry.active();
        } catch (RuntimeException e) {
            log.warn("{} model registry not readable, keeping the current model: {}", registry.kind(), e.getMessage());
            return;
        }
        Loaded<T> loaded = current.get();
        if (wanted.isEmpty()) {
            if (loaded != null) {
                dropLocal();
            }
            return;
        }
        ModelVersion active = wanted.get();
        if ((loaded != null && loaded.versionId().equals(active.versionId())) || "REJECTED".equals(active.status())) {
            return;
        }
        try {
            swapTo(active.versionId());
        } catch (ModelRejectedException e) {
            registry.reject(active.versionId(), e.getMessage());
            log.error("{} model {} refused, still serving {}: {}", registry.kind(), active.versionId(),
                    loaded == null ? "no model" : loaded.versionId(), e.getMessage());
        } catch (RuntimeException e) {
            log.warn("{} model {} not loaded now, will retry: {}", registry.kind(), active.versionId(), e.getMessage());
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
        T model;
        try {
            dir = ModelArchive.unpack(archive, workDir);
            model = loader.apply(dir);
        } catch (Exception e) {
            ModelArchive.deleteQuietly(dir);
            // the reason reaches API callers: it names the archive, not this server's scratch directory
            String reason = String.valueOf(e.getMessage());
            if (dir != null) {
                reason = reason.replace(dir.toString(), "the archive");
            }
            reason = reason.replace(workDir.toString(), "the model cache");
            throw new ModelRejectedException(registry.kind() + " model " + versionId + " cannot be served: "
                    + reason, e);
        }
        Loaded<T> previous = current.getAndSet(new Loaded<>(versionId, model, dir));
        log.info("serving {} model {} (was {})", registry.kind(), versionId,
                previous == null ? "none" : previous.versionId());
        if (previous != null) {
            closer.schedule(() -> close(previous), closeGrace.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Loads the version here, then makes it the registry's active one (so other replicas follow). Holds the same
     * lock as {@link #sync()}, so a poll cannot swap back to the old version in between.
     */
    public synchronized void activate(String versionId) {
        registry.find(versionId).orElseThrow(() -> new ModelNotFoundException(versionId));
        try {
            swapTo(versionId);
        } catch (ModelRejectedException e) {
            // refused here means refused everywhere: marked, so that no replica or job tries it again unawares
            registry.reject(versionId, e.getMessage());
            throw e;
        }
        registry.activate(versionId);
    }

    /**
     * Stops serving a model on every replica (the kill switch): the registry has no active version, this replica
     * drops its model now, and others drop theirs at their next sync.
     */
    public synchronized void unload() {
        registry.deactivate();
        dropLocal();
    }

    private void dropLocal() {
        Loaded<T> previous = current.getAndSet(null);
        if (previous != null) {
            log.warn("{} model {} unloaded; serving without a model", registry.kind(), previous.versionId());
            closer.schedule(() -> close(previous), closeGrace.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void close(Loaded<T> loaded) {
        if (loaded.model() instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                log.warn("closing {} model {}: {}", registry.kind(), loaded.versionId(), e.getMessage());
            }
        }
        ModelArchive.deleteQuietly(loaded.dir());
    }

    @Override
    public void close() {
        closer.shutdownNow();
        Loaded<T> loaded = current.getAndSet(null);
        if (loaded != null) {
            close(loaded);
        }
    }
}
