package org.musicrec.recommender.evaluation;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.musicrec.recommender.ranking.AttentionConfig;
import org.musicrec.recommender.ranking.AttentionModel;
import org.musicrec.recommender.ranking.AttentionModelExporter;
import org.musicrec.recommender.ranking.AttentionScorer;
import org.musicrec.recommender.ranking.AttentionTrainer;
import org.musicrec.registry.ModelArchive;
import org.musicrec.registry.ModelRegistry;
import org.musicrec.support.cli.CommandLines;
import org.musicrec.support.cli.DatabaseOptions;
import org.springframework.jdbc.core.simple.JdbcClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The production training job without a Spring context: listening history (PostgreSQL or a sequence file)
 * → attention model validated on each user's last item → SavedModel + metrics.json → a new, activated
 * version in the model registry.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train the attention ranker on the listening history, export it and register it.")
public final class TrainMain implements Callable<Integer> {

    static final String KIND = "ranker";

    @Mixin
    DatabaseOptions database;

    @Option(names = "--schema", defaultValue = "recommender",
            description = "schema of listening_events and model_versions (default ${DEFAULT-VALUE})")
    String schema;

    @Option(names = "--sequences", description = "train on this file instead (one user per line: user item item ..., oldest first)")
    Path sequences;

    @Option(names = "--out", description = "model directory to create (default $MUSICREC_HOME/models/ranker/<version>)")
    Path out;

    @Option(names = "--model-version", description = "version id (default ranker-<UTC yyyyMMdd-HHmmss>)")
    String version;

    @Option(names = "--register", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "store the model in the registry as a new version (default ${DEFAULT-VALUE})")
    boolean register;

    @Option(names = "--activate", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "make the new version the one every replica serves (default ${DEFAULT-VALUE})")
    boolean activate;

    @Option(names = "--catalogue-tracks", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "with tag features: catalogue tracks (the tracks table) that nobody has played yet join the"
                    + " model as content-only items, ranked by their tags until they have listens; default ${DEFAULT-VALUE}")
    boolean catalogueTracks;

    @Option(names = "--migrate", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "apply the recommender's Flyway migrations first, as the service does at start"
                    + " (default ${DEFAULT-VALUE})")
    boolean migrate;

    @CommandLine.Mixin
    AttentionOptions attention = new AttentionOptions();

    private final PrintStream console;

    public TrainMain() {
        this(System.out);
    }

    TrainMain(PrintStream console) {
        this.console = console;
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(CommandLines.run(new TrainMain(), args));
    }

    @Override
    public Integer call() throws IOException {
        attention.config(); // bad hyper-parameters are refused before any data is read or trained on
        if (!DatabaseOptions.SCHEMA.matcher(schema).matches()) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--schema must be a plain lower-case name");
        }
        boolean needsDatabase = sequences == null || register;
        DataSource dataSource = needsDatabase ? dataSource() : null;
        if (dataSource != null && migrate) {
            migrate(dataSource, schema);
        }
        if (version == null) {
            version = "ranker-" + ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        }
        Path dir = out != null ? out : musicrecHome().resolve("models").resolve(KIND).resolve(version);
        if (Files.exists(dir) && !isEmptyDirectory(dir)) {
            console.println("refusing to overwrite " + dir + ": choose another --out or --model-version");
            return 2;
        }

        InteractionData data = sequences != null ? InteractionData.sequences(sequences)
                : InteractionData.postgres(JdbcClient.create(dataSource));
        Map<String, Map<String, Integer>> catalogueTags = sequences != null || !attention.tags ? Map.of()
                : ItemTags.postgres(JdbcClient.create(dataSource));
        AttentionConfig config = attention.config();
        int played = data.vocabulary().size();
        if (catalogueTracks && !catalogueTags.isEmpty() && config.negativeSamples() == 0) {
            data = withTaggedCatalogueTracks(data, catalogueTags);
        }
        int itemCount = data.vocabulary().size();
        LastItemHoldout split = LastItemHoldout.of(data.sequences());
        console.printf(Locale.ROOT, "history: %d users (%d validated on their last item), %d tracks, %d listens%n",
                data.users().size(), split.targets().length, played, data.interactions());
        if (itemCount > played) {
            console.printf(Locale.ROOT, "catalogue: %d tracks with tags nobody has played yet, ranked by their tags alone%n",
                    itemCount - played);
        }
        if (split.targets().length == 0) {
            console.println("no user has two tracks: nothing to train and validate on");
            return 2;
        }
        String fingerprint = data.fingerprint();

        int[][] days = attention.shuffleDays ? data.daysOfPrefixes(split.train()) : null;
        // co-listening from the training histories only: the validation items stay out of the features
        org.musicrec.recommender.ranking.ItemFeatures features = attention.features(data.vocabulary(), catalogueTags,
                CoListening.withHistories(Map.of(), data.users(), split.train(), data.vocabulary()));
        console.println("attention: " + config + (days != null ? ", same-day items shuffled every epoch" : "")
                + (attention.dayTargets && days != null ? ", day targets" : "")
                + (features != null ? ", item features (" + features.tags().size() + " tags and co-listened tracks, "
                        + features.itemsWithTags() + " tracks with features)" : ""));
        long start = System.nanoTime();
        AttentionTrainer trainer = new AttentionTrainer(config, attention.dayTargets && days != null)
                .withAveragedEpochs(attention.averagedEpochs());
        if (itemCount > played) {
            // their id embeddings stay zero and they are left out of the training softmax: their vectors are their tags
            boolean[] contentOnly = new boolean[itemCount + 1];
            java.util.Arrays.fill(contentOnly, played + 1, itemCount + 1, true);
            trainer = trainer.withContentOnlyItems(contentOnly);
        }
        AttentionModel network = trainer.train(split.train(), days, itemCount, features,
                scorer -> Evaluator.fullRanking(scorer, split.inputs(), split.targets()).ndcg(10),
                e -> console.printf(Locale.ROOT, "epoch %3d  loss %.4f  val NDCG@10 %.4f  (%.1f s)%n",
                        e.epoch(), e.loss(), e.validationNdcg(), e.seconds()));
        PopularityScorer popularity = new PopularityScorer(split.train(), itemCount);
        AttentionModel model = PopularityPrior.tune(network, popularity.counts(), attention.priorWeights,
                split.inputs(), split.targets(), console);
        double trainSeconds = (System.nanoTime() - start) / 1e9;

        Map<String, Map<String, Double>> models = new LinkedHashMap<>();
        models.put("popularity", Evaluator.fullRanking(popularity, split.inputs(), split.targets()).summary());
        try (AttentionScorer scorer = model.openScorer()) {
            models.put("attention", Evaluator.fullRanking(scorer, split.inputs(), split.targets()).summary());
        }
        MetricsReport report = new MetricsReport("validation: last item per user, full ranking",
                split.targets().length, itemCount, trainSeconds, models);
        console.printf(Locale.ROOT, "trained in %.1f s; best epoch %d; popularity prior w=%.2f%n",
                trainSeconds, model.bestEpoch(), model.priorWeight());
        console.print(report.table());

        AttentionModelExporter.export(model, data.vocabulary(), version, dir);
        String metrics = metricsJson(report, model, fingerprint, data.interactions(), days != null);
        Files.writeString(dir.resolve("metrics.json"), metrics, StandardCharsets.UTF_8);
        console.println("model " + version + " exported to " + dir);

        if (register) {
            ModelRegistry registry = new ModelRegistry(JdbcClient.create(dataSource), KIND);
            registry.register(version, fingerprint, metrics, ModelArchive.pack(dir));
            console.println("registered " + version + " (data " + fingerprint + ")");
            if (activate) {
                registry.activate(version);
                console.println("activated " + version);
            }
        }
        return 0;
    }

    /** The recommender's own migrations (listening_events, model_versions, ...) in the given schema. */
    /**
     * The history plus the catalogue tracks nobody has played whose tags survive the feature rules (a tag on one
     * track only is dropped): those get a vector from their tags; the others stay out and wait for listens.
     */
    private InteractionData withTaggedCatalogueTracks(InteractionData data, Map<String, Map<String, Integer>> tags) {
        java.util.List<String> unplayed = tags.keySet().stream().filter(id -> data.vocabulary().indexOf(id) == 0).toList();
        InteractionData all = data.withItems(unplayed);
        org.musicrec.recommender.ranking.ItemFeatures features = attention.features(all.vocabulary(), tags);
        if (features == null) {
            return data;
        }
        return data.withItems(unplayed.stream().filter(id -> features.hasTags(all.vocabulary().indexOf(id))).toList());
    }

    static void migrate(DataSource dataSource, String schema) {
        Flyway.configure().dataSource(dataSource).schemas(schema).createSchemas(true).load().migrate();
    }

    private DataSource dataSource() {
        return database.dataSource(schema);
    }

    private String metricsJson(MetricsReport report, AttentionModel model, String fingerprint, int interactions,
                               boolean shuffledDays) {
        AttentionConfig c = model.config();
        String json = report.toJson();
        String extra = "{\n  \"version\": " + MetricsReport.quote(version)
                + ",\n  \"dataFingerprint\": " + MetricsReport.quote(fingerprint)
                + ",\n  \"interactions\": " + interactions
                + ",\n  \"bestEpoch\": " + model.bestEpoch()
                + ",\n  \"averagedEpochs\": " + model.averagedEpochs()
                + ",\n  \"popularityPriorWeight\": " + MetricsReport.number(model.priorWeight())
                + ",\n  \"config\": {\"maxLength\": " + c.maxLength() + ", \"hiddenSize\": " + c.hiddenSize()
                + ", \"blocks\": " + c.blocks() + ", \"heads\": " + c.heads()
                + ", \"dropout\": " + MetricsReport.number(c.dropout())
                + ", \"learningRate\": " + MetricsReport.number(c.learningRate())
                + ", \"batchSize\": " + c.batchSize() + ", \"maxEpochs\": " + c.maxEpochs()
                + ", \"patience\": " + c.patience() + ", \"negativeSamples\": " + c.negativeSamples()
                + ", \"seed\": " + c.seed() + ", \"shuffleDays\": " + shuffledDays
                + ", \"itemFeatures\": " + (model.features() == null ? 0 : model.features().tags().size()) + "},\n  ";
        return extra + json.substring(json.indexOf('"'));
    }

    private static Path musicrecHome() {
        String home = System.getenv("MUSICREC_HOME");
        return Path.of(home == null || home.isBlank() ? ".musicrec" : home);
    }

    private static boolean isEmptyDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (var entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }
}
