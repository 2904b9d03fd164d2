package org.musicrec.gateway.stack;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * A stand-in for a service behind the gateway on 127.0.0.1: it records every request that reaches it, answers
 * some with a fixed JSON body and leaves the others hanging (accepted, never answered) until it is stopped.
 */
final class StubService implements AutoCloseable {

    /** What reached the stub: the method and the raw path and query as the gateway sent them. */
    record Received(String method, String rawPath, String rawQuery) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private StubService(Predicate<URI> hang, String answer) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(threads);
        server.createContext("/", exchange -> handle(exchange, hang, answer));
        server.start();
    }

    /** Answers every request with 200 and {@code answer}. */
    /**
     * The properties of a gateway (on the real Kafka and PostgreSQL) in front of two stubs: a throw-away HS256 key,
     * no bootstrap admin key, and no refresh of the popular list during the test.
     */
    static void registerGateway(org.springframework.test.context.DynamicPropertyRegistry registry,
                                StubService embedding, StubService recommender) {
        org.musicrec.testsupport.RealServices.register(registry);
        registry.add("musicrec.auth.bootstrap-key-file", () -> "");
        registry.add("musicrec.auth.jwt.hs256-secret", () -> java.util.Base64.getEncoder().encodeToString(
                java.util.UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII)));
        registry.add("musicrec.services.embedding-uri", () -> embedding.base().toString());
        registry.add("musicrec.services.recommender-uri", () -> recommender.base().toString());
        registry.add("musicrec.routes.popular.refresh-interval", () -> "1h");
    }

    static StubService answering(String answer) throws IOException {
        return new StubService(uri -> false, answer);
    }

    /** Accepts every request whose URI matches {@code hang} and never answers it; the others get {@code answer}. */
    static StubService hangingOn(Predicate<URI> hang, String answer) throws IOException {
        return new StubService(hang, answer);
    }

    private void handle(HttpExchange exchange, Predicate<URI> hang, String answer) throws IOException {
        URI uri = exchange.getRequestURI();
        received.add(new Received(exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery()));
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            if (hang.test(uri)) {
                try {
                    stopped.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
            byte[] body = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    /** Stops listening: from now on a connection to its port is refused. */
    @Override
    public void close() {
        stopped.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
