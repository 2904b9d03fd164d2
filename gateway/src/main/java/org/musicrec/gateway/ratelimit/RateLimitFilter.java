package org.musicrec.gateway.ratelimit;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Optional;
import org.musicrec.gateway.auth.Caller;
import org.musicrec.gateway.web.ProblemWriter;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/** 429 problem+json with {@code Retry-After} (whole seconds, rounded up) once a key's or user's budget is spent. */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 9)
class RateLimitFilter extends OncePerRequestFilter {

    private final RateLimiter limiter;
    private final ProblemWriter problems;

    RateLimitFilter(RateLimiter limiter, ProblemWriter problems) {
        this.limiter = limiter;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!(request.getAttribute(Caller.ATTRIBUTE) instanceof Caller caller)) {
            chain.doFilter(request, response);
            return;
        }
        Optional<RateLimiter.Refusal> refused = limiter.tryAcquire(caller);
        if (refused.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        long seconds = Math.max(1, (refused.get().retryAfter().toMillis() + 999) / 1000);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS,
                "the request budget of " + refused.get().budget() + " is spent; retry in " + seconds + " s");
        problem.setType(URI.create("/problems/rate-limited"));
        problem.setTitle("Too many requests");
        problem.setProperty("retryAfterSeconds", seconds);
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        problems.write(response, problem);
    }
}
