package org.musicrec.gateway.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.musicrec.gateway.config.LimitProperties;
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
            chain.doFilter(new LimitedRequest(request, limit), response);
        } catch (IOException | ServletException | RuntimeException e) {
            // a proxied route can fail while streaming an oversized chunked body: that is the client's 413
            PayloadTooLargeException tooLarge = ProblemHandler.tooLarge(e);
            if (tooLarge == null || response.isCommitted()) {
                throw e;
            }
            response.resetBuffer();
            problems.write(response, HttpStatus.CONTENT_TOO_LARGE, "/problems/payload-too-large", "Payload too large",
                    tooLarge.getMessage());
        }
    }

    /** Thrown while reading a body that outgrows its limit. */
    static final class PayloadTooLargeException extends IOException {
        final long limit;

        PayloadTooLargeException(long limit) {
            super("the body is larger than this route's limit of " + limit + " bytes");
            this.limit = limit;
        }
    }

    private static final class LimitedRequest extends HttpServletRequestWrapper {
        private final long limit;
        private ServletInputStream stream;

        LimitedRequest(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new LimitedStream(super.getInputStream(), limit);
            }
            return stream;
        }
    }

    private static final class LimitedStream extends ServletInputStream {
        private final ServletInputStream in;
        private final long limit;
        private long read;

        LimitedStream(ServletInputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int off, int len) throws IOException {
            int n = in.read(buffer, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws PayloadTooLargeException {
            read += n;
            if (read > limit) {
                throw new PayloadTooLargeException(limit);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
