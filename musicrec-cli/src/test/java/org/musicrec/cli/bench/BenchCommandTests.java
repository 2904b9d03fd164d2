package org.musicrec.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchCommandTests {

    private record Run(int exitCode, String out, String err) {
    }

    private static Run bench(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        try {
            int code = new CommandLine(new BenchCommand()).execute(args);
            return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    /** A loopback server whose every {@code failEvery}-th answer is a 503 (0: never). */
    private static HttpServer server(int failEvery) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        AtomicInteger calls = new AtomicInteger();
        server.createContext("/", exchange -> {
            int n = calls.incrementAndGet();
            int status = failEvery > 0 && n % failEvery == 0 ? 503 : 200;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        return server;
    }

    @Test
    void aStackThatIsNotRunningIsOneLineAndNoPercentiles() throws Exception {
        HttpServer probe = server(0);
        int port = probe.getAddress().getPort();
        probe.stop(0); // a port nobody listens on any more
        Run run = bench("--url", "http://127.0.0.1:" + port, "--requests", "5", "--warmup", "0");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("cannot reach http://127.0.0.1:" + port + " (connection refused)")
                .contains("./musicrec services start");
        assertThat(run.out()).doesNotContain("p50");
    }

    @Test
    void latencyIsReportedOverTheAnswersThatSucceededAndFailuresAreCountedByKind() throws Exception {
        HttpServer server = server(4);
        try {
            // the probe is call 1; the 20 measured requests are calls 2..21, of which 4, 8, ..., 20 are 503s
            Run run = bench("--url", "http://127.0.0.1:" + server.getAddress().getPort(), "--requests", "20",
                    "--warmup", "0", "--concurrency", "1");
            assertThat(run.exitCode()).as("a failed request fails the run").isEqualTo(1);
            assertThat(run.out()).contains("20 requests, concurrency 1, 15 answered 200, 5 failed (5 x HTTP 503)")
                    .contains("latency ms of the 200s  p50");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aRunWithoutFailuresExitsZero() throws Exception {
        HttpServer server = server(0);
        try {
            Run run = bench("--url", "http://127.0.0.1:" + server.getAddress().getPort(), "--requests", "30",
                    "--warmup", "5");
            assertThat(run.exitCode()).isEqualTo(0);
            assertThat(run.out()).contains("30 answered 200, 0 failed\n").contains("throughput");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void everyRequestFailingPrintsNoLatency() throws Exception {
        HttpServer server = server(1);
        try {
            Run run = bench("--url", "http://127.0.0.1:" + server.getAddress().getPort(), "--requests", "6",
                    "--warmup", "0");
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.out()).contains("0 answered 200, 6 failed (6 x HTTP 503)")
                    .contains("no latency to report").doesNotContain("p50");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void onlyABaseUrlOfThisMachineIsBenchmarked() {
        assertThat(BenchCommand.urlProblem(java.net.URI.create("http://127.0.0.1:8080"))).isNull();
        assertThat(BenchCommand.urlProblem(java.net.URI.create("http://localhost:8080/"))).isNull();
        assertThat(BenchCommand.urlProblem(java.net.URI.create("http://127.0.0.2:8080"))).isNull();
        assertThat(BenchCommand.urlProblem(java.net.URI.create("http://[::1]:8080"))).isNull();
        assertThat(BenchCommand.urlProblem(java.net.URI.create("http://10.0.0.5:8080"))).contains("this machine");
        assertThat(BenchCommand.urlProblem(java.net.URI.create("http://example.org"))).contains("this machine");
        assertThat(BenchCommand.urlProblem(java.net.URI.create("http://localhost:8080/api"))).contains("without a path");
        assertThat(BenchCommand.urlProblem(java.net.URI.create("notaurl"))).contains("http://");
        Run run = bench("--url", "http://localhost:8080/api");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--url must be the base URL without a path");
    }
}
