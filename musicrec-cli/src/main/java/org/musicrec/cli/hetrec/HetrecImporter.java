package org.musicrec.cli.hetrec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Sends a HetRec folder through the public API: tracks to the catalogue, then events in batches. */
public final class HetrecImporter {

    /** What one import did. */
    public record Report(long tracksSent, long tracksFailed, long eventsSent, long eventsAccepted,
                         long eventsRejected, List<String> firstErrors) {
    }

    private final ApiClient api;
    private final int threads;
    private final int batchSize;
    private final Consumer<String> log;

    public HetrecImporter(ApiClient api, int threads, int batchSize, Consumer<String> log) {
        this.api = api;
        this.threads = threads;
        this.batchSize = batchSize;
        this.log = log;
    }

    public Report run(HetrecData data, boolean tracks) throws Exception {
        AtomicLong tracksFailed = new AtomicLong();
        AtomicLong accepted = new AtomicLong();
        AtomicLong rejected = new AtomicLong();
        List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            if (tracks) {
                try (ProgressBar bar = bar("tracks", data.tracks().size())) {
                    List<Future<?>> futures = new ArrayList<>();
                    for (HetrecData.TrackRow t : data.tracks()) {
                        futures.add(pool.submit(() -> {
                            Map<String, Object> body = new LinkedHashMap<>();
                            body.put("title", t.title());
                            body.put("artist", t.artist());
                            body.put("tags", t.tags());
                            ApiClient.Reply reply = api.put("/api/v1/tracks/" + t.trackId(), body);
                            if (!reply.ok()) {
                                tracksFailed.incrementAndGet();
                                note(errors, "PUT track " + t.trackId() + ": " + reply.status() + " " + reply.body());
                            }
                            bar.step();
                            return null;
                        }));
                    }
                    awaitAll(futures);
                }
            }
            List<HetrecData.EventRow> events = data.events();
            try (ProgressBar bar = bar("events", events.size())) {
                List<Future<?>> futures = new ArrayList<>();
                for (int from = 0; from < events.size(); from += batchSize) {
                    List<HetrecData.EventRow> batch = events.subList(from, Math.min(events.size(), from + batchSize));
                    futures.add(pool.submit(() -> {
                        List<Map<String, Object>> payload = new ArrayList<>(batch.size());
                        for (HetrecData.EventRow e : batch) {
                            Map<String, Object> event = new LinkedHashMap<>();
                            event.put("eventId", e.eventId());
                            event.put("userId", e.userId());
                            event.put("trackId", e.trackId());
                            event.put("type", "play");
                            event.put("occurredAt", e.occurredAt().toString());
                            if (e.playCount() != null) {
                                event.put("playCount", e.playCount());
                            }
                            payload.add(event);
                        }
                        ApiClient.Reply reply = api.post("/api/v1/events", Map.of("events", payload));
                        if (reply.status() == 202) {
                            accepted.addAndGet(batch.size());
                        } else {
                            rejected.addAndGet(batch.size());
                            note(errors, "POST events: " + reply.status() + " " + reply.body());
                        }
                        bar.stepBy(batch.size());
                        return null;
                    }));
                }
                awaitAll(futures);
            }
        } finally {
            pool.shutdownNow();
        }
        errors.stream().limit(5).forEach(e -> log.accept("  error: " + e));
        return new Report(tracks ? data.tracks().size() : 0, tracksFailed.get(), data.events().size(), accepted.get(),
                rejected.get(), List.copyOf(errors.subList(0, Math.min(5, errors.size()))));
    }

    /** Waits for every task; a task's failure is rethrown as itself, so its message reaches the user unwrapped. */
    private static void awaitAll(List<Future<?>> futures) throws Exception {
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof Exception cause) {
                    throw cause;
                }
                throw e;
            }
        }
    }

    private static void note(List<String> errors, String error) {
        if (errors.size() < 50) {
            errors.add(error.length() > 500 ? error.substring(0, 500) + "..." : error);
        }
    }

    /** A live bar on a terminal; a line every few seconds when output goes to a file or a pipe. */
    private static ProgressBar bar(String task, long max) {
        ProgressBarBuilder builder = new ProgressBarBuilder().setTaskName(task).setInitialMax(max)
                .setStyle(ProgressBarStyle.ASCII);
        if (System.console() == null) {
            builder.setUpdateIntervalMillis(5000).setConsumer(new DelegatingProgressBarConsumer(System.out::println, 100));
        } else {
            builder.setUpdateIntervalMillis(300).continuousUpdate();
        }
        return builder.build();
    }
}
