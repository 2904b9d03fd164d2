package org.musicrec.gateway.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.musicrec.gateway.config.LimitProperties;
import org.musicrec.support.web.LimitedBodyRequest;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses bodies over the route's limit with 413 before they reach a service: at once when Content-Length says
 * so, and while reading when a chunked body grows past it.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class BodySizeLimitFilter extends OncePerRequestFilter {

    private final LimitProperties limits;
    private final ProblemWriter problems;

    BodySizeLimitFilter(LimitProperties limits, ProblemWriter problems) {
        this.limits = limits;
        this.problems = problems;
    }

    long limitFor(String path) {
        if (path.equals("/api/v1/events")) {
            return limits.eventsBody().toBytes();
        }
        if (path.startsWith("/api/v1/tracks/") && path.endsWith("/audio")) {
            return limits.audioBody().toBytes();
        }
        return limits.defaultBody().toBytes();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long limit = limitFor(PathFirewall.acceptedPath(request).orElse(request.getRequestURI()));
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            problems.write(response, HttpStatus.CONTENT_TOO_LARGE, "/problems/payload-too-large",
                    "Payload too large", "the body has " + declared + " bytes; this route takes at most " + limit);
            return;
        }
        try {
            chain.doFilter(new LimitedBodyRequest(request, limit, "route"), response);
        } catch (IOException | ServletException | RuntimeException e) {
            // a proxied route can fail while streaming an oversized chunked body: that is the client's 413
            LimitedBodyRequest.BodyTooLargeException tooLarge = ProblemHandler.tooLarge(e);
            if (tooLarge == null || response.isCommitted()) {
                throw e;
            }
            response.resetBuffer();
            problems.write(response, HttpStatus.CONTENT_TOO_LARGE, "/problems/payload-too-large", "Payload too large",
                    tooLarge.getMessage());
        }
    }
}
