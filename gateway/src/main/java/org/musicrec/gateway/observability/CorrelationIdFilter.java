package org.musicrec.gateway.observability;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.musicrec.gateway.auth.Caller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The first filter: takes the client's {@code X-Correlation-Id} when it is well-formed or makes one, puts it in
 * the logs (MDC {@code correlationId}), in the response, and in the request the services receive; writes one
 * access log line per request when it is done.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class CorrelationIdFilter extends OncePerRequestFilter {

    public static final String HEADER = "X-Correlation-Id";
    public static final String MDC_KEY = "correlationId";
    private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9._:-]{8,128}");
    private static final Logger access = LoggerFactory.getLogger("org.musicrec.gateway.access");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String given = request.getHeader(HEADER);
        // an id that could forge log lines or blow up headers is replaced, not trusted
        String id = given != null && WELL_FORMED.matcher(given).matches() ? given : UUID.randomUUID().toString();
        long start = System.nanoTime();
        MDC.put(MDC_KEY, id);
        response.setHeader(HEADER, id);
        try {
            chain.doFilter(new WithCorrelationId(request, id), response);
        } finally {
            if (!request.getRequestURI().startsWith("/actuator")) {
                Object caller = request.getAttribute(Caller.ATTRIBUTE);
                access.info("{} {} {} {}ms key={} user={}", request.getMethod(), request.getRequestURI(),
                        response.getStatus(), (System.nanoTime() - start) / 1_000_000,
                        caller instanceof Caller c ? c.key().name() : "-",
                        caller instanceof Caller c ? c.userId().orElse("-") : "-");
            }
            MDC.remove(MDC_KEY);
        }
    }

    /** The request as the services see it: with exactly one correlation id header. */
    private static final class WithCorrelationId extends HttpServletRequestWrapper {
        private final String id;

        WithCorrelationId(HttpServletRequest request, String id) {
            super(request);
            this.id = id;
        }

        @Override
        public String getHeader(String name) {
            return HEADER.equalsIgnoreCase(name) ? id : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return HEADER.equalsIgnoreCase(name) ? Collections.enumeration(List.of(id)) : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            List<String> names = new ArrayList<>();
            for (Enumeration<String> e = super.getHeaderNames(); e.hasMoreElements(); ) {
                String n = e.nextElement();
                if (!HEADER.equalsIgnoreCase(n)) {
                    names.add(n);
                }
            }
            names.add(HEADER);
            return Collections.enumeration(names);
        }
    }
}
