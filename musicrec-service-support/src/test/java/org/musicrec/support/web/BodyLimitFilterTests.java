package org.musicrec.support.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;

class BodyLimitFilterTests {

    private final BodyLimitFilter filter = new BodyLimitFilter(DataSize.ofBytes(100), List.of("/api/v1/tracks/*/audio"));

    /** A PUT with a body of this many bytes; a chunked one (declared = false) states no length. */
    private static MockHttpServletRequest put(String path, int bytes, boolean declared) {
        MockHttpServletRequest request = declared ? new MockHttpServletRequest("PUT", path)
                : new MockHttpServletRequest("PUT", path) {
                    @Override
                    public long getContentLengthLong() {
                        return -1;
                    }
                };
        request.setContentType("application/json");
        request.setContent(new byte[bytes]);
        return request;
    }

    @Test
    void aDeclaredLengthOverTheLimitIsA413ProblemBeforeTheHandler() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        boolean[] reached = {false};
        filter.doFilter(put("/api/v1/tracks/t", 101, true), response, (req, res) -> reached[0] = true);
        assertThat(reached[0]).isFalse();
        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        assertThat(response.getContentAsString()).contains("\"type\":\"/problems/payload-too-large\"")
                .contains("the body has 101 bytes; this service takes at most 100");
    }

    @Test
    void aChunkedBodyFailsWhenItGrowsPastTheLimitAndOneWithinPasses() throws Exception {
        filter.doFilter(put("/api/v1/tracks/t", 100, false), new MockHttpServletResponse(),
                (req, res) -> assertThat(req.getInputStream().readAllBytes()).hasSize(100));
        assertThatThrownBy(() -> filter.doFilter(put("/api/v1/tracks/t", 101, false), new MockHttpServletResponse(),
                (req, res) -> req.getInputStream().readAllBytes()))
                .isInstanceOf(LimitedBodyRequest.BodyTooLargeException.class)
                .hasMessageContaining("this service's limit of 100 bytes");
    }

    @Test
    void pathsWithTheirOwnLimitAreLeftToTheirHandler() throws Exception {
        int[] read = {0};
        filter.doFilter(put("/api/v1/tracks/t-1/audio", 5000, true), new MockHttpServletResponse(),
                (req, res) -> read[0] = ((HttpServletRequest) req).getInputStream().readAllBytes().length);
        assertThat(read[0]).isEqualTo(5000);
        assertThat(filter.hasOwnLimit("/api/v1/tracks/t-1/audio/jobs/x")).isFalse();
    }
}
