package org.musicrec.gateway.auth;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.musicrec.gateway.web.PathFirewall;
import org.musicrec.gateway.web.ProblemWriter;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every {@code /api/} request needs a valid API key ({@code X-API-Key}); a user JWT ({@code Authorization:
 * Bearer}) is checked when sent and needed where an app key acts for a user. Failures are 401 or 403 as
 * problem+json before anything reaches a service. Actuator and the API documentation are not under
 * {@code /api/} and stay open. Every decision is taken on the decoded path that routing matches
 * ({@link PathFirewall#acceptedPath}), never on the raw URI; a path the firewall refuses is refused here too.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 8)
public class AuthFilter extends OncePerRequestFilter {

    public static final String API_KEY_HEADER = "X-API-Key";
    static final String UNAUTHENTICATED = "/problems/unauthenticated";
    static final String FORBIDDEN = "/problems/forbidden";

    private final ApiKeys keys;
    private final UserTokens tokens;
    private final ProblemWriter problems;

    AuthFilter(ApiKeys keys, UserTokens tokens, ProblemWriter problems) {
        this.keys = keys;
        this.tokens = tokens;
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        // a path that is not clean is always filtered (and refused): fail closed
        return PathFirewall.acceptedPath(request).map(path -> !(path.equals("/api") || path.startsWith("/api/")))
                .orElse(false);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<String> path = PathFirewall.acceptedPath(request);
        if (path.isEmpty()) {
            problems.write(response, PathFirewall.refusal(PathFirewall.problemsWith(request.getRequestURI())));
            return;
        }
        String secret = request.getHeader(API_KEY_HEADER);
        if (secret == null || secret.isBlank()) {
            unauthenticated(response, "ApiKey", "an API key is required in the X-API-Key header");
            return;
        }
        Optional<ApiKey> key = keys.verify(secret.trim());
        if (key.isEmpty()) {
            unauthenticated(response, "ApiKey", "the API key is unknown or revoked");
            return;
        }
        UserToken user = null;
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null) {
            if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                unauthenticated(response, "Bearer", "the Authorization header must be 'Bearer <JWT>'");
                return;
            }
            try {
                user = tokens.verify(authorization.substring(7).trim());
            } catch (InvalidTokenException e) {
                unauthenticated(response, "Bearer error=\"invalid_token\"", e.getMessage());
                return;
            }
        }
        Caller caller = new Caller(key.get(), user);
        AccessPolicy.Decision decision = AccessPolicy.decide(request.getMethod(), path.get(), caller);
        if (decision instanceof AccessPolicy.Decision.NeedUser need) {
            unauthenticated(response, "Bearer", need.detail());
            return;
        }
        if (decision instanceof AccessPolicy.Decision.Deny deny) {
            problems.write(response, HttpStatus.FORBIDDEN, FORBIDDEN, "Forbidden", deny.detail());
            return;
        }
        request.setAttribute(Caller.ATTRIBUTE, caller);
        MDC.put("apiKey", caller.key().name());
        caller.userId().ifPresent(u -> MDC.put("userId", u));
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove("apiKey");
            MDC.remove("userId");
        }
    }

    private void unauthenticated(HttpServletResponse response, String scheme, String detail) throws IOException {
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, scheme.contains(" ") ? scheme + ", realm=\"musicrec\""
                : scheme + " realm=\"musicrec\"");
        problems.write(response, HttpStatus.UNAUTHORIZED, UNAUTHENTICATED, "Unauthenticated", detail);
    }
}
