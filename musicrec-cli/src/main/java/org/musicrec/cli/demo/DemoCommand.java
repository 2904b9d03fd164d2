package org.musicrec.cli.demo;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.musicrec.cli.audio.EmbedCommand;
import org.musicrec.cli.hetrec.ApiClient;
import org.musicrec.cli.hetrec.HetrecData;
import org.musicrec.cli.hetrec.HetrecImporter;
import org.musicrec.cli.infra.Infra;
import org.musicrec.cli.models.ModelsCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/**
 * The main job end to end on real data: infrastructure, services, the HetRec import through the gateway (twice,
 * to show idempotency), and recommendations for real users.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run musicrec end to end on the HetRec Last.fm data and print recommendations.")
public class DemoCommand implements Callable<Integer> {

    @Option(names = "--hetrec", description = "HetRec Last.fm 2K folder (default: ${DEFAULT-VALUE})",
            defaultValue = "${env:MUSICREC_HETREC_DIR:-../shared/data/hetrec2011-lastfm-2k}")
    Path hetrec;

    @Option(names = "--users", split = ",", defaultValue = "user-2,user-3,user-5",
            description = "users to show recommendations for (default: ${DEFAULT-VALUE})")
    List<String> users;

    @Option(names = "--api-key", defaultValue = "${env:MUSICREC_API_KEY}",
            description = "trusted API key for the import (default: one the demo creates in MUSICREC_HOME)")
    String apiKey;

    @Option(names = "--audio", description = "audio clips to embed (default: ${DEFAULT-VALUE})",
            defaultValue = "${env:MUSICREC_AUDIO_DIR:-../shared/data/audio-clips}")
    Path audio;

    @Option(names = "--retrain", description = "train new models even when active ones exist")
    boolean retrain;

    @Option(names = "--ranker-epochs", defaultValue = "60",
            description = "upper bound on ranker epochs (early stopping usually ends sooner; default: ${DEFAULT-VALUE})")
    int rankerEpochs;

    @Option(names = "--audio-steps", defaultValue = "600",
            description = "audio encoder training steps when none is active (default: ${DEFAULT-VALUE})")
    int audioSteps;

    @Override
    public Integer call() throws Exception {
        Infra infra = Infra.local();
        step("1/7 infrastructure");
        infra.up().forEach(DemoCommand::say);

        step("2/7 services");
        Services services = new Services(infra.workspace(), infra.settings());
        services.start().forEach(DemoCommand::say);
        URI gateway = services.gateway().base();
        DemoKeys.Keys keys = DemoKeys.ensure(gateway, infra.workspace().home(), apiKey);
        say("keys: admin " + keys.home().resolve(DemoKeys.ADMIN_FILE) + ", importer (trusted) "
                + keys.home().resolve(DemoKeys.IMPORTER_FILE) + ", mobile app " + keys.home().resolve(DemoKeys.APP_FILE));
        ApiClient api = new ApiClient(gateway, keys.importer());
        ApiClient admin = new ApiClient(gateway, keys.admin());

        step("3/7 import HetRec Last.fm through the gateway (" + hetrec + ")");
        HetrecData data = HetrecData.load(hetrec);
        long distinct = data.events().stream().map(HetrecData.EventRow::eventId).distinct().count();
        say(data.tracks().size() + " tracks, " + data.events().size() + " events of " + data.users() + " users");
        HetrecImporter importer = new HetrecImporter(api, 8, 500, DemoCommand::say);
        JsonNode initial = admin.getJson("/api/v1/admin/ingestion");
        HetrecImporter.Report first = importer.run(data, true);
        say("accepted " + first.eventsAccepted() + " of " + first.eventsSent() + " events; tracks failed: "
                + first.tracksFailed());
        JsonNode stats = awaitProcessed(admin, initial, first.eventsAccepted(), Duration.ofMinutes(10));
        say("stored " + stats.get("storedEvents").asLong() + " events of " + stats.get("users").asLong() + " users");

        step("4/7 import again: every event is a duplicate and must not be stored twice");
        long duplicatesBefore = stats.get("duplicatesIgnored").asLong();
        HetrecImporter.Report second = importer.run(data, false);
        JsonNode after = awaitDuplicates(admin, duplicatesBefore + second.eventsAccepted(), Duration.ofMinutes(10));
        long stored = after.get("storedEvents").asLong();
        long storedAfterFirst = stats.get("storedEvents").asLong();
        long duplicatesIgnored = after.get("duplicatesIgnored").asLong() - duplicatesBefore;
        System.out.println();
        System.out.printf("  events sent           %,d (twice)%n", first.eventsSent() + second.eventsSent());
        System.out.printf("  events accepted       %,d + %,d%n", first.eventsAccepted(), second.eventsAccepted());
        System.out.printf("  distinct eventIds     %,d%n", distinct);
        System.out.printf("  events stored         %,d%n", stored);
        System.out.printf("  duplicates ignored    %,d%n", duplicatesIgnored);
        // counted over the whole table: events that other clients sent meanwhile would show here too
        System.out.printf("  events stored beyond the distinct ids  %,d%n", stored - distinct);
        System.out.printf("  events stored by the second import     %,d%n", stored - storedAfterFirst);
        Optional<String> importProblem = importProblem(first, second, duplicatesIgnored, storedAfterFirst, stored);

        step("5/7 attention ranker: trained on the history in PostgreSQL, registered, hot-swapped in");
        if (retrain || ModelsCommand.registry("ranker").active().isEmpty()) {
            runJob(infra, "recommender-service", "org.musicrec.recommender.evaluation.TrainMain",
                    List.of("--epochs", Integer.toString(rankerEpochs)));
        } else {
            say("active ranker " + ModelsCommand.registry("ranker").active().get().versionId() + " (--retrain to train again)");
        }
        awaitAttention(api, users.get(0), Duration.ofMinutes(2));

        step("6/7 audio encoder and embeddings of real music (" + audio + ")");
        if (retrain || ModelsCommand.registry("audio-encoder").active().isEmpty()) {
            Path out = infra.workspace().dir("models").resolve("audio").resolve("demo-" + System.currentTimeMillis());
            Path music = fetchTrainingMusic(infra);
            // the first 2 minutes of each track: the demo's short training does not need more, and it halves the
            // feature extraction over the ~300 fetched tracks
            List<String> args = new java.util.ArrayList<>(List.of("--steps", Integer.toString(audioSteps),
                    "--max-seconds", "120", "--out", out.toString(), audio.toString()));
            if (music != null) {
                args.add(music.toString());
            }
            runJob(infra, "embedding-service", "org.musicrec.embedding.model.TrainAudioMain", args);
            ModelsCommand.register("audio-encoder", out.resolve("model"), true);
        } else {
            say("active audio encoder " + ModelsCommand.registry("audio-encoder").active().get().versionId());
        }
        List<EmbedCommand.Result> embedded = awaitEmbedded(api, EmbedCommand.files(List.of(audio)));
        say(embedded.stream().filter(r -> "DONE".equals(r.status())).count() + " of " + embedded.size()
                + " clips embedded");

        say("track encoder: every catalogue track gets a vector from its tags and artist (and audio, if any)");
        if (retrain || ModelsCommand.registry("track-encoder").active().isEmpty()) {
            runJob(infra, "embedding-service", "org.musicrec.embedding.model.TrainTrackMain", List.of());
        } else {
            say("active track encoder " + ModelsCommand.registry("track-encoder").active().get().versionId());
        }
        awaitVector(api, "artist-89", Duration.ofMinutes(3));

        step("7/7 recommendations and similar tracks");
        for (String user : users) {
            printRecommendations(api, user);
        }
        embedded.stream().filter(r -> "DONE".equals(r.status())).findFirst()
                .ifPresent(r -> printSimilar(api, r.trackId(), r.file().getFileName().toString()));
        printSimilar(api, "artist-89", "artist-89 (from its tags and artist alone)");
        String user = users.get(0);
        DemoKeys.userToken(keys, gateway, user, "P1D");
        System.out.println();
        say("the stack keeps running; call it as a mobile app would (app key + " + user + "'s token, valid 1 day):");
        say("  curl -H \"X-API-Key: $(cat " + keys.home().resolve(DemoKeys.APP_FILE) + ")\" \\");
        say("       -H \"Authorization: Bearer $(cat " + keys.userTokenFile(user) + ")\" \\");
        say("       " + gateway + "/api/v1/users/" + user + "/recommendations?limit=5");
        say("API docs: " + gateway + "/swagger-ui.html");
        say("stop everything with ./musicrec down");
        importProblem.ifPresent(problem -> say("exit status 1, the import check failed: " + problem));
        return importProblem.isEmpty() ? 0 : 1;
    }

    /**
     * Why the two imports do not show that nothing is stored twice, or empty when they do. Only counts the demo can
     * attribute to itself are used: its own rejected events, the duplicates ignored while its second import was
     * consumed, and whether the stored events grew from the end of the first import to the end of the second
     * (events already in the table, e.g. from an earlier run or another client, do not matter).
     */
    static Optional<String> importProblem(HetrecImporter.Report first, HetrecImporter.Report second,
                                          long duplicatesIgnored, long storedAfterFirst, long storedAfterSecond) {
        if (first.eventsRejected() + second.eventsRejected() > 0) {
            return Optional.of(String.format("the gateway rejected %,d events of the first import and %,d of the second%s",
                    first.eventsRejected(), second.eventsRejected(),
                    first.firstErrors().isEmpty() ? "" : " (first: " + first.firstErrors().get(0) + ")"));
        }
        if (storedAfterSecond != storedAfterFirst) {
            return Optional.of(String.format("the stored events went from %,d to %,d during the second import, which"
                    + " should only send duplicates (or another client wrote events meanwhile)",
                    storedAfterFirst, storedAfterSecond));
        }
        if (duplicatesIgnored != second.eventsAccepted()) {
            return Optional.of(String.format("the second import's %,d accepted events gave %,d ignored duplicates; they"
                    + " should be equal (fewer: the consumer has not caught up, see .musicrec/logs/recommender-service.log)",
                    second.eventsAccepted(), duplicatesIgnored));
        }
        return Optional.empty();
    }

    private void runJob(Infra infra, String module, String main, List<String> args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(org.musicrec.cli.infra.ManagedProcess.java(), "-Xmx3g",
                "-XX:+UseSerialGC", "-Dloader.main=" + main, "-jar", infra.workspace().serviceJar(module).toString()));
        cmd.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(cmd).inheritIO();
        builder.environment().put("POSTGRES_URL", infra.settings().jdbcUrl());
        builder.environment().put("POSTGRES_USER", infra.settings().postgresUser());
        builder.environment().put("POSTGRES_PASSWORD", infra.settings().postgresPassword());
        builder.environment().put("MUSICREC_HOME", infra.workspace().home().toString());
        Process process = builder.start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException(main + " failed with exit code " + process.exitValue());
        }
    }

    /**
     * Real music for the audio encoder beyond the shared clips: the free game-music Debian packages that
     * scripts/fetch-debian-music.sh downloads (nothing is installed). Null when they cannot be fetched.
     */
    private static Path fetchTrainingMusic(Infra infra) throws Exception {
        Path script = infra.workspace().repo().resolve("scripts/fetch-debian-music.sh");
        Path music = infra.workspace().home().resolve("music").resolve("train");
        if (!java.nio.file.Files.isDirectory(music) && java.nio.file.Files.exists(script)) {
            say("fetching the Debian music packages for training (apt-get download, once) ...");
            ProcessBuilder fetch = new ProcessBuilder("bash", script.toString(), "train").inheritIO();
            fetch.environment().put("MUSICREC_HOME", infra.workspace().home().toString());
            if (fetch.start().waitFor() != 0) {
                say("could not fetch them; training on the shared clips only");
            }
        }
        return java.nio.file.Files.isDirectory(music) ? music : null;
    }

    private static void awaitAttention(ApiClient api, String user, Duration timeout) throws Exception {
        Instant end = Instant.now().plus(timeout);
        while (Instant.now().isBefore(end)) {
            JsonNode rec = api.getJson("/api/v1/users/" + user + "/recommendations?limit=1");
            if (!rec.get("fallback").asBoolean()) {
                say("recommender serves model " + rec.get("model").asString());
                return;
            }
            Thread.sleep(1000);
        }
        say("the recommender did not load the new model in time; see .musicrec/logs/recommender-service.log");
    }

    private List<EmbedCommand.Result> awaitEmbedded(ApiClient api, List<Path> files) throws Exception {
        Instant end = Instant.now().plus(Duration.ofMinutes(2));
        while (true) {
            try {
                return EmbedCommand.embed(api, files, "clip-");
            } catch (IllegalStateException e) {
                if (Instant.now().isAfter(end)) {
                    throw e;
                }
                Thread.sleep(2000);
            }
        }
    }

    private static void awaitVector(ApiClient api, String trackId, Duration timeout) throws Exception {
        Instant end = Instant.now().plus(timeout);
        while (Instant.now().isBefore(end)) {
            if (api.get("/api/v1/tracks/" + trackId + "/embedding").ok()) {
                say("catalogue vectors are being filled in (" + trackId + " has one)");
                return;
            }
            Thread.sleep(2000);
        }
        say(trackId + " has no vector yet; the embedding service fills them in the background");
    }

    private static void printSimilar(ApiClient api, String trackId, String label) {
        try {
            // the background backfill may still be filling in vectors on a busy machine: wait a little for this one
            Instant end = Instant.now().plus(Duration.ofSeconds(90));
            while (!api.get("/api/v1/tracks/" + trackId + "/embedding").ok() && Instant.now().isBefore(end)) {
                Thread.sleep(2000);
            }
            JsonNode similar = api.getJson("/api/v1/tracks/" + trackId + "/similar?limit=5");
            System.out.printf("%n  tracks like %s%n", label);
            for (JsonNode item : similar.get("items")) {
                System.out.printf("   %-60s cos %.3f%n", item.get("title").asString() + " - " + item.get("artist").asString(),
                        item.get("similarity").asDouble());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            say("similar tracks unavailable: " + e.getMessage());
        }
    }

    /**
     * Waits until the consumer has handled {@code accepted} more events than in {@code initial}, each either stored
     * or ignored as a duplicate (events already stored, e.g. by an earlier demo, are duplicates).
     */
    private static JsonNode awaitProcessed(ApiClient api, JsonNode initial, long accepted, Duration timeout)
            throws Exception {
        Instant end = Instant.now().plus(timeout);
        JsonNode stats = api.getJson("/api/v1/admin/ingestion");
        while (processedSince(initial, stats) < accepted && Instant.now().isBefore(end)) {
            Thread.sleep(1000);
            stats = api.getJson("/api/v1/admin/ingestion");
        }
        return stats;
    }

    private static long processedSince(JsonNode initial, JsonNode now) {
        return now.get("storedEvents").asLong() - initial.get("storedEvents").asLong()
                + now.get("duplicatesIgnored").asLong() - initial.get("duplicatesIgnored").asLong();
    }

    private static JsonNode awaitDuplicates(ApiClient api, long expected, Duration timeout) throws Exception {
        Instant end = Instant.now().plus(timeout);
        JsonNode stats = api.getJson("/api/v1/admin/ingestion");
        while (stats.get("duplicatesIgnored").asLong() < expected && Instant.now().isBefore(end)) {
            Thread.sleep(1000);
            stats = api.getJson("/api/v1/admin/ingestion");
        }
        return stats;
    }

    private static void printRecommendations(ApiClient api, String user) throws Exception {
        JsonNode rec = api.getJson("/api/v1/users/" + user + "/recommendations?limit=10");
        System.out.printf("%n  %s  (model %s, %s%s)%n", user, rec.get("model").asString(), rec.get("strategy").asString(),
                rec.get("fallback").asBoolean() ? ", fallback" : "");
        int rank = 1;
        Set<String> seen = new HashSet<>();
        for (JsonNode item : rec.get("items")) {
            seen.add(item.get("trackId").asString());
            String artist = item.hasNonNull("artist") ? item.get("artist").asString() : item.get("trackId").asString();
            System.out.printf("   %2d. %-32s %8.3f  %s%n", rank++, artist, item.get("score").asDouble(),
                    item.get("reason").asString());
        }
    }

    private static void step(String title) {
        System.out.println();
        System.out.println("== " + title);
    }

    private static void say(String line) {
        System.out.println("  " + line);
    }
}
