package org.musicrec.cli.hetrec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApiClientTests {

    /** A local port where nothing listens any more. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void anUnreachableGatewayIsNamedWithTheCauseInWords() throws Exception {
        int port = closedPort();
        ApiClient api = new ApiClient(URI.create("http://127.0.0.1:" + port), "key", 2);

        assertThatThrownBy(() -> api.get("/api/v1/tracks/t-1")).isInstanceOf(IOException.class)
                .hasMessage("cannot reach http://127.0.0.1:" + port + " (connection refused) after 2 attempts; start the"
                        + " stack first (./musicrec demo or ./musicrec services start), or pass the right --gateway");
    }

    @Test
    void theImporterPassesTheReasonOnUnwrapped() throws Exception {
        int port = closedPort();
        HetrecImporter importer = new HetrecImporter(new ApiClient(URI.create("http://127.0.0.1:" + port), "key", 1),
                2, 500, line -> { });
        HetrecData data = new HetrecData(List.of(new HetrecData.TrackRow("artist-1", "A", "A", List.of())), List.of());

        assertThatThrownBy(() -> importer.run(data, true)).isInstanceOf(IOException.class)
                .hasMessageStartingWith("cannot reach http://127.0.0.1:" + port + " (connection refused)");
    }

    @Test
    void aGatewayThatKeepsAnsweringBusyIsNamedWithItsStatus() {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:8080/api/v1/events")).GET().build();

        assertThat(ApiClient.givingUp(request, 503, null, 10))
                .isEqualTo("GET http://127.0.0.1:8080/api/v1/events answered 503 on each of 10 attempts; the gateway or"
                        + " the service behind it is overloaded or down");
    }

    @Test
    void timeoutsAndUnknownHostsAreDescribed() {
        assertThat(ApiClient.describe(new java.net.http.HttpConnectTimeoutException("HTTP connect timed out")))
                .isEqualTo("connection timed out");
        assertThat(ApiClient.describe(new IOException(new java.net.UnknownHostException("gateway.invalid"))))
                .isEqualTo("unknown host gateway.invalid");
    }
}
