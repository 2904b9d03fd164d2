package org.musicrec.cli.hetrec;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small client of the public API with retries: connection failures, 429, 502, 503 and 504 are retried with
 * back-off (honouring Retry-After); every call the importer makes is idempotent, so retrying is safe.
 */
public final class ApiClient {

    /** A finished call. */
    public record Reply(int status, String body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private static final int ATTEMPTS = 10;

    private final URI base;
    private final String apiKey;
    private final int attempts;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();

    public ApiClient(URI base, String apiKey) {
        this(base, apiKey, ATTEMPTS);
    }

    /** With fewer attempts, for tests that need the final failure quickly. */
    ApiClient(URI base, String apiKey, int attempts) {
        this.base = base;
        this.apiKey = apiKey;
        this.attempts = attempts;
    }

    public JsonMapper json() {
        return json;
    }

    public Reply put(String path, Object body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path)).PUT(HttpRequest.BodyPublishers.ofByteArray(
                json.writeValueAsBytes(body))).header("Content-Type", "application/json"));
    }

    public Reply post(String path, Object body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path)).POST(HttpRequest.BodyPublishers.ofByteArray(
                json.writeValueAsBytes(body))).header("Content-Type", "application/json"));
    }

    /** PUT of raw bytes, e.g. an audio file. */
    public Reply putBytes(String path, byte[] body, String contentType) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path)).PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", contentType));
    }

    public Reply get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    public JsonNode getJson(String path) throws IOException, InterruptedException {
        Reply reply = get(path);
        if (!reply.ok()) {
            throw new IOException("GET " + path + " answered " + reply.status() + ": " + reply.body());
        }
        return json.readTree(reply.body());
    }

    private Reply send(HttpRequest.Builder request) throws IOException, InterruptedException {
        request.timeout(Duration.ofSeconds(30)).header("Accept", "application/json, application/problem+json");
        if (apiKey != null && !apiKey.isBlank()) {
            request.header("X-API-Key", apiKey);
        }
        HttpRequest built = request.build();
        IOException lastError = null;
        int lastStatus = 0;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status != 429 && status != 502 && status != 503 && status != 504) {
                    return new Reply(status, response.body());
                }
                lastError = null;
                lastStatus = status;
                Thread.sleep(retryAfterMillis(response).orElse(backoff(attempt)));
            } catch (IOException e) {
                lastError = e;
                Thread.sleep(backoff(attempt));
            }
        }
        throw new IOException(givingUp(built, lastStatus, lastError, attempts), lastError);
    }

    /** The final failure in words: which URL, what went wrong on the last attempt, and what to do about it. */
    static String givingUp(HttpRequest request, int lastStatus, IOException lastError, int attempts) {
        URI uri = request.uri();
        if (lastError == null) {
            return request.method() + " " + uri + " answered " + lastStatus + " on each of " + attempts
                    + " attempts; the gateway or the service behind it is overloaded or down";
        }
        String origin = uri.getScheme() + "://" + uri.getRawAuthority();
        return "cannot reach " + origin + " (" + describe(lastError) + ") after " + attempts
                + " attempts; start the stack first (./musicrec demo or ./musicrec services start), or pass the"
                + " right --gateway";
    }

    /** A connection failure's cause in words; the HTTP client's exceptions often have no message. */
    static String describe(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HttpConnectTimeoutException) {
                return "connection timed out";
            }
            if (t instanceof HttpTimeoutException) {
                return "no answer within 30 s";
            }
            if (t instanceof ConnectException) {
                return "connection refused";
            }
            if (t instanceof UnknownHostException) {
                return "unknown host " + t.getMessage();
            }
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static Optional<Long> retryAfterMillis(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(v -> {
            try {
                return Optional.of(Math.min(30_000L, Long.parseLong(v.trim()) * 1000L));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    private static long backoff(int attempt) {
        return Math.min(10_000L, 200L * (1L << Math.min(attempt, 6)));
    }
}
