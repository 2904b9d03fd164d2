package org.musicrec.support.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.util.AntPathMatcher;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A service's own limit on request bodies, so that a caller inside the cluster that skips the gateway cannot make a
 * service buffer an unbounded body: {@code musicrec.web.max-body} ({@code SERVICE_MAX_BODY}, default 1 MB, the
 * gateway's own default). Paths matching {@code musicrec.web.own-body-limit} (patterns such as
 * {@code /api/v1/tracks/*}{@code /audio}) are left to the handler that enforces its own limit: the embedding service's
 * audio upload, limited by {@code AUDIO_MAX_BYTES}. A body that declares more is a 413 problem at once; a chunked one
 * that grows past the limit fails while it is read, and {@link ProblemHandlerSupport} answers the
 * {@link LimitedBodyRequest.BodyTooLargeException} with the same 413.
 */
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class BodyLimitFilter extends OncePerRequestFilter {

    private static final AntPathMatcher PATHS = new AntPathMatcher();

    private final long limit;
    private final List<String> ownLimit;

    public BodyLimitFilter(@Value("${musicrec.web.max-body:${SERVICE_MAX_BODY:1MB}}") DataSize limit,
                           @Value("${musicrec.web.own-body-limit:}") List<String> ownLimit) {
        this.limit = limit.toBytes();
        this.ownLimit = ownLimit.stream().filter(p -> !p.isBlank()).toList();
    }

    /** Whether the handler of this path limits its body itself. */
    boolean hasOwnLimit(String path) {
        return ownLimit.stream().anyMatch(pattern -> PATHS.match(pattern, path));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (hasOwnLimit(request.getRequestURI())) {
            chain.doFilter(request, response);
            return;
        }
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            response.setStatus(413);
            response.setContentType("application/problem+json");
            response.getOutputStream().write(("{\"type\":\"/problems/payload-too-large\",\"title\":\"Payload too large\","
                    + "\"status\":413,\"detail\":\"the body has " + declared + " bytes; this service takes at most "
                    + limit + "\"}").getBytes(StandardCharsets.UTF_8));
            return;
        }
        chain.doFilter(new LimitedBodyRequest(request, limit, "service"), response);
    }
}
