package org.musicrec.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import org.junit.jupiter.api.Test;
import org.musicrec.support.web.LimitedBodyRequest;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.client.ResourceAccessException;

class ProblemHandlerTests {

    private static ResourceAccessException wrapped(Exception cause) {
        return new ResourceAccessException("I/O error", new IOException(cause.getMessage(), cause));
    }

    @Test
    void aReadTimeoutIsATimeoutButAConnectTimeoutOrRefusalIsUnreachable() {
        assertThat(ProblemHandler.upstreamFailure(wrapped(new HttpTimeoutException("request timed out"))))
                .isEqualTo(ProblemHandler.UpstreamFailure.TIMEOUT);
        assertThat(ProblemHandler.upstreamFailure(wrapped(new HttpConnectTimeoutException("connect timed out"))))
                .isEqualTo(ProblemHandler.UpstreamFailure.UNREACHABLE);
        assertThat(ProblemHandler.upstreamFailure(wrapped(new ConnectException("Connection refused"))))
                .isEqualTo(ProblemHandler.UpstreamFailure.UNREACHABLE);
        assertThat(ProblemHandler.upstreamFailure(wrapped(new IOException("connection reset"))))
                .isEqualTo(ProblemHandler.UpstreamFailure.UNREACHABLE);
    }

    @Test
    void aChunkedBodyOverItsLimitWhileStreamingToTheServiceIsTheClients413() {
        ResourceAccessException ex = new ResourceAccessException("I/O error on PUT",
                new LimitedBodyRequest.BodyTooLargeException(1024, "route"));
        var answer = new ProblemHandler().upstreamFailed(ex, new MockHttpServletRequest("PUT", "/api/v1/tracks/t/audio"));
        assertThat(answer.getStatusCode().value()).isEqualTo(413);
        assertThat(answer.getBody().getType().toString()).isEqualTo("/problems/payload-too-large");
    }

    @Test
    void aTimeoutIsA504AndARefusalA503WithRetryAfter() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/tracks/t");
        request.setAttribute(org.springframework.cloud.gateway.server.mvc.common.MvcUtils.GATEWAY_ROUTE_ID_ATTR, "tracks");
        var timeout = new ProblemHandler().upstreamFailed(wrapped(new HttpTimeoutException("timed out")), request);
        assertThat(timeout.getStatusCode().value()).isEqualTo(504);
        assertThat(timeout.getBody().getType().toString()).isEqualTo("/problems/upstream-timeout");
        assertThat(timeout.getBody().getDetail()).contains("route 'tracks'");
        var refused = new ProblemHandler().upstreamFailed(wrapped(new ConnectException("refused")), request);
        assertThat(refused.getStatusCode().value()).isEqualTo(503);
        assertThat(refused.getHeaders().getFirst("Retry-After")).isEqualTo("5");
        assertThat(refused.getBody().getType().toString()).isEqualTo("/problems/unavailable");
    }
}
