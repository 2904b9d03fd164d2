package org.musicrec.gateway.observability;

import org.springframework.cloud.gateway.server.mvc.filter.HttpHeadersFilter;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Drops the service's echo of {@code X-Correlation-Id} from proxied responses: the gateway has already set the header
 * (same id), and copying the upstream's would send it twice.
 */
@Component
class UpstreamCorrelationIdHeader implements HttpHeadersFilter.ResponseHttpHeadersFilter {

    @Override
    public HttpHeaders apply(HttpHeaders upstream, ServerResponse response) {
        if (!upstream.containsHeader(CorrelationIdFilter.HEADER)) {
            return upstream;
        }
        HttpHeaders copy = new HttpHeaders();
        upstream.forEach((name, values) -> {
            if (!CorrelationIdFilter.HEADER.equalsIgnoreCase(name)) {
                copy.addAll(name, values);
            }
        });
        return copy;
    }
}
