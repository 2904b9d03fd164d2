package org.musicrec.support.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class CorrelationIdFilterTests {

    private final CorrelationIdFilter filter = new CorrelationIdFilter();

    private String seenInLogsWhileHandling(String header, MockHttpServletResponse response) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/anything");
        if (header != null) request.addHeader(CorrelationIdFilter.HEADER, header);
        AtomicReference<String> seen = new AtomicReference<>("unset");
        filter.doFilter(request, response, (req, res) -> seen.set(MDC.get(CorrelationIdFilter.MDC_KEY)));
        return seen.get();
    }

    @Test
    void theGatewaysIdIsInTheLogsWhileTheRequestIsHandledAndEchoed() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        assertThat(seenInLogsWhileHandling("gw-1234-abcd", response)).isEqualTo("gw-1234-abcd");
        assertThat(response.getHeader(CorrelationIdFilter.HEADER)).isEqualTo("gw-1234-abcd");
        assertThat(MDC.get(CorrelationIdFilter.MDC_KEY)).as("cleared after the request").isNull();
    }

    @Test
    void aMissingOrForgedIdIsNotLogged() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        assertThat(seenInLogsWhileHandling(null, response)).isNull();
        assertThat(seenInLogsWhileHandling("bad id\nINFO forged line", response)).isNull();
        assertThat(response.getHeader(CorrelationIdFilter.HEADER)).isNull();
    }
}
