package org.musicrec.cli.bench;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code musicrec bench}: a bounded HTTP load against a running stack (loopback only) that prints p50/p90/p99
 * latency and throughput of recommendation requests.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure recommendation latency and throughput over HTTP against a running stack.")
public class BenchCommand implements Callable<Integer> {

    @Option(names = "--url", defaultValue = "${env:MUSICREC_GATEWAY_URL:-http://127.0.0.1:8080}",
            description = "base URL: the gateway, or a service directly (default: ${DEFAULT-VALUE})")
    URI base;

    @Option(names = "--api-key", defaultValue = "${env:MUSICREC_API_KEY}")
    String apiKey;

    @Option(names = "--requests", defaultValue = "2000", description = "measured requests (default: ${DEFAULT-VALUE})")
    int requests;

    @Option(names = "--warmup", defaultValue = "300", description = "unmeasured requests first (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--concurrency", defaultValue = "4", description = "requests in flight (default: ${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = "--users", defaultValue = "2-2100", description = "HetRec user id range (default: ${DEFAULT-VALUE})")
    String users;

    @Option(names = "--limit", defaultValue = "20")
    int limit;

    @Override
    public Integer call() throws Exception {
        String problem = urlProblem(base);
        if (problem != null) {
            System.err.println("musicrec: --url " + problem);
            return 2;
        }
        if (requests < 1 || warmup < 0 || concurrency < 1 || concurrency > 256 || limit < 1 || limit > 1000) {
            System.err.println("--requests must be at least 1, --warmup at least 0, --concurrency 1-256, --limit 1-1000");
            return 2;
        }
        java.util.regex.Matcher range = java.util.regex.Pattern.compile("(\\d{1,9})-(\\d{1,9})").matcher(users);
        if (!range.matches() || Integer.parseInt(range.group(1)) > Integer.parseInt(range.group(2))) {
            System.err.println("--users must be a range FROM-TO of HetRec user ids, such as 2-2100, not '" + users + "'");
            return 2;
        }
        int from = Integer.parseInt(range.group(1));
        int to = Integer.parseInt(range.group(2));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        try {
            // one request first, so that a stack that is not running is one line, not a table of timeouts
            http.send(request(from).build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            System.err.println("musicrec: cannot reach " + base + " (" + describe(e)
                    + "); start the stack first: ./musicrec services start");
            return 1;
        }
        run(http, warmup, from, to, new Outcomes(warmup));
        Outcomes measured = new Outcomes(requests);
        long start = System.nanoTime();
        run(http, requests, from, to, measured);
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] ok = measured.successfulNanos();
        int failed = requests - ok.length;
        System.out.printf("%d requests, concurrency %d, %d answered 200, %d failed%s%n", requests, concurrency,
                ok.length, failed, failed == 0 ? "" : " (" + measured.failures() + ")");
        if (ok.length == 0) {
            System.out.println("no latency to report: no request was answered with 200");
            return 1;
        }
        System.out.printf("latency ms of the 200s  p50 %.2f  p90 %.2f  p99 %.2f  max %.2f%n", pct(ok, 50),
                pct(ok, 90), pct(ok, 99), ok[ok.length - 1] / 1e6);
        System.out.printf("throughput  %.1f requests/s (%.1f answered 200)%n", requests / seconds, ok.length / seconds);
        return failed == 0 ? 0 : 1;
    }

    /**
     * Why the base URL cannot be benchmarked, or null: it must be http(s) to a loopback address (a load test is not
     * aimed at someone else's machine) and name no path, because the request paths are the API's own.
     */
    static String urlProblem(URI url) {
        if (url.getScheme() == null || !url.getScheme().matches("https?") || url.getHost() == null) {
            return "must be an http:// or https:// URL such as http://127.0.0.1:8080, not '" + url + "'";
        }
        String host = url.getHost().startsWith("[") ? url.getHost().substring(1, url.getHost().length() - 1)
                : url.getHost();
        boolean loopback = host.equals("localhost");
        if (!loopback && (host.matches("[0-9.]+") || host.contains(":"))) {
            try {
                loopback = InetAddress.getByName(host).isLoopbackAddress(); // a literal: no lookup happens
            } catch (UnknownHostException e) {
                loopback = false;
            }
        }
        if (!loopback) {
            return "must point at this machine (localhost, 127.0.0.0/8 or [::1]): bench only loads local stacks";
        }
        if (url.getRawPath() != null && !url.getRawPath().isEmpty() && !url.getRawPath().equals("/")) {
            return "must be the base URL without a path (the requests go to /api/v1/...), not '" + url + "'";
        }
        return null;
    }

    /** A failed request's cause in words, not the client's class name. */
    static String describe(Exception e) {
        if (e instanceof HttpTimeoutException) {
            return "timed out";
        }
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        if (e instanceof IOException) {
            return "connection failed";
        }
        return "client error";
    }

    private HttpRequest.Builder request(int user) {
        HttpRequest.Builder req = HttpRequest.newBuilder(base.resolve(
                "/api/v1/users/user-" + user + "/recommendations?limit=" + limit)).timeout(Duration.ofSeconds(10));
        if (apiKey != null && !apiKey.isBlank()) {
            req.header("X-API-Key", apiKey);
        }
        return req;
    }

    /** Per request: its latency when it was answered with 200, or why it failed (a status or an exception). */
    static final class Outcomes {
        private final long[] nanos;
        private final String[] failures;

        Outcomes(int n) {
            nanos = new long[n];
            failures = new String[n];
        }

        void succeeded(int i, long elapsed) {
            nanos[i] = elapsed;
        }

        void failed(int i, String why) {
            failures[i] = why;
        }

        /** Latencies of the requests answered with 200, sorted. */
        long[] successfulNanos() {
            return IntStream.range(0, nanos.length).filter(i -> failures[i] == null)
                    .mapToLong(i -> nanos[i]).sorted().toArray();
        }

        /** "3 x HTTP 503, 1 x timed out": what went wrong, most frequent first. */
        String failures() {
            Map<String, Long> counts = Arrays.stream(failures).filter(Objects::nonNull)
                    .collect(Collectors.groupingBy(f -> f, Collectors.counting()));
            return counts.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .map(e -> e.getValue() + " x " + e.getKey())
                    .collect(Collectors.joining(", "));
        }
    }

    private void run(HttpClient http, int n, int from, int to, Outcomes outcomes) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        AtomicInteger next = new AtomicInteger();
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < concurrency; w++) {
                workers.add(pool.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < n) {
                        int user = from + (int) ((i * 2654435761L) % (to - from + 1));
                        long t0 = System.nanoTime();
                        try {
                            HttpResponse<Void> r = http.send(request(user).build(),
                                    HttpResponse.BodyHandlers.discarding());
                            if (r.statusCode() == 200) {
                                outcomes.succeeded(i, System.nanoTime() - t0);
                            } else {
                                outcomes.failed(i, "HTTP " + r.statusCode());
                            }
                        } catch (Exception e) {
                            outcomes.failed(i, describe(e));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : workers) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static double pct(long[] sorted, int p) {
        int idx = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, idx))] / 1e6;
    }
}
