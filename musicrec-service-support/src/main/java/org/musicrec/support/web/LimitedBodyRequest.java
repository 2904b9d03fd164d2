package org.musicrec.support.web;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;

/**
 * A request whose body fails with {@link BodyTooLargeException} as soon as more than {@code limit} bytes have been
 * read: the check for a chunked body, which declares no length. The gateway's per-route filter and the services'
 * {@link BodyLimitFilter} both wrap requests in it.
 */
public final class LimitedBodyRequest extends HttpServletRequestWrapper {

    private final long limit;
    private final String scope;
    private ServletInputStream stream;

    /** {@code scope} names whose limit it is in the message ("route", "service"). */
    public LimitedBodyRequest(HttpServletRequest request, long limit, String scope) {
        super(request);
        this.limit = limit;
        this.scope = scope;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
        if (stream == null) {
            stream = new LimitedStream(super.getInputStream());
        }
        return stream;
    }

    /** Thrown while reading a body that outgrows its limit; the handlers answer it with a 413 problem. */
    public static final class BodyTooLargeException extends IOException {
        private final long limit;

        public BodyTooLargeException(long limit, String scope) {
            super("the body is larger than this " + scope + "'s limit of " + limit + " bytes");
            this.limit = limit;
        }

        public long limit() {
            return limit;
        }
    }

    private final class LimitedStream extends ServletInputStream {
        private final ServletInputStream in;
        private long read;

        LimitedStream(ServletInputStream in) {
            this.in = in;
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

        private void count(int n) throws BodyTooLargeException {
            read += n;
            if (read > limit) {
                throw new BodyTooLargeException(limit, scope);
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
