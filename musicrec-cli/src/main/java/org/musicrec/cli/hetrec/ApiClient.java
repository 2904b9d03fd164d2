package org.musicrec.cli.hetrec;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();

    public ApiClient(URI base, String apiKey) {
        this.base = base;
        this.apiKey = apiKey;
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
        IOException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status != 429 && status != 502 && status != 503 && status != 504) {
                    return new Reply(status, response.body());
                }
                long wait = retryAfterMillis(response).orElse(backoff(attempt));
                last = new IOException(built.method() + " " + built.uri().getPath() + " answered " + status);
                Thread.sleep(wait);
            } catch (IOException e) {
                last = e;
                Thread.sleep(backoff(attempt));
            }
        }
        throw new IOException("giving up after " + ATTEMPTS + " attempts: " + (last == null ? "" : last.getMessage()), last);
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
