package org.musicrec.cli.hetrec;

import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code musicrec import hetrec [DIR]}. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Import a dataset through the public API (gateway -> Kafka -> PostgreSQL).")
public class ImportCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "dataset kind: hetrec")
    String kind;

    @Parameters(index = "1", arity = "0..1", description = "HetRec Last.fm 2K folder (default: ${DEFAULT-VALUE})",
            defaultValue = "${env:MUSICREC_HETREC_DIR:-../shared/data/hetrec2011-lastfm-2k}")
    Path dir;

    @Option(names = "--gateway", description = "gateway URL (default: ${DEFAULT-VALUE})",
            defaultValue = "${env:MUSICREC_GATEWAY_URL:-http://127.0.0.1:8080}")
    URI gateway;

    @Option(names = "--api-key", description = "a trusted API key for the gateway (default: $MUSICREC_API_KEY, else"
            + " the importer key ./musicrec demo keeps in MUSICREC_HOME/demo/importer-api-key)",
            defaultValue = "${env:MUSICREC_API_KEY}")
    String apiKey;

    @Option(names = "--threads", defaultValue = "8", description = "parallel requests (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--batch-size", defaultValue = "500", description = "events per request, 1-500")
    int batchSize;

    @Option(names = "--skip-tracks", description = "send only the events")
    boolean skipTracks;

    @Override
    public Integer call() throws Exception {
        if (!"hetrec".equals(kind)) {
            System.err.println("unknown dataset kind '" + kind + "'; supported: hetrec");
            return 2;
        }
        if (batchSize < 1 || batchSize > 500) {
            System.err.println("--batch-size must be 1-500");
            return 2;
        }
        if (threads < 1 || threads > 64) {
            System.err.println("--threads must be 1-64");
            return 2;
        }
        if (gateway.getScheme() == null || !gateway.getScheme().matches("https?") || gateway.getHost() == null) {
            System.err.println("--gateway must be an http(s) URL such as http://127.0.0.1:8080, not '" + gateway + "'");
            return 2;
        }
        if (apiKey == null || apiKey.isBlank()) {
            java.nio.file.Path saved = org.musicrec.cli.infra.Workspace.detect().home().resolve("demo/importer-api-key");
            if (!java.nio.file.Files.isReadable(saved)) {
                System.err.println("the gateway needs a trusted API key: pass --api-key or MUSICREC_API_KEY (an admin"
                        + " creates one with POST /api/v1/admin/api-keys), or run ./musicrec demo once");
                return 2;
            }
            apiKey = java.nio.file.Files.readString(saved).trim();
        }
        HetrecData data = HetrecData.load(dir);
        System.out.printf("HetRec %s: %d tracks, %d events of %d users%n", dir, data.tracks().size(),
                data.events().size(), data.users());
        HetrecImporter.Report report = new HetrecImporter(new ApiClient(gateway, apiKey), threads, batchSize,
                System.out::println).run(data, !skipTracks);
        System.out.printf("sent %d tracks (%d failed), %d events: %d accepted, %d rejected%n", report.tracksSent(),
                report.tracksFailed(), report.eventsSent(), report.eventsAccepted(), report.eventsRejected());
        return report.tracksFailed() == 0 && report.eventsRejected() == 0 ? 0 : 1;
    }
}
