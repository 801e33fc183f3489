package io.gaas.web;

import java.io.IOException;
import java.util.regex.Pattern;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses request bodies over 64 KiB with 413: at once when {@code Content-Length} says so, and
 * while reading when the body is streamed without a length. A worker's finish alone may send up to
 * 256 KiB, so that 32768 characters of output fit however JSON escapes them.
 */
public class RequestBodyLimitFilter extends OncePerRequestFilter {

    public static final long MAX_BODY_BYTES = 64 * 1024;
    public static final long MAX_FINISH_BODY_BYTES = 256 * 1024;

    private static final Pattern FINISH_PATH = Pattern.compile("/api/v1/worker/jobs/[^/]+/finish");

    private final JsonMapper jsonMapper;

    public RequestBodyLimitFilter(JsonMapper jsonMapper) {
        this.jsonMapper = jsonMapper;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long limit = limitFor(request);
        if (request.getContentLengthLong() > limit) {
            response.setStatus(ErrorCode.PAYLOAD_TOO_LARGE.status().value());
            response.setHeader(HttpHeaders.CONNECTION, "close");
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            jsonMapper.writeValue(response.getOutputStream(), ProblemDetails.of(ErrorCode.PAYLOAD_TOO_LARGE,
                    "The request body is larger than " + limit / 1024 + " KiB.", request.getRequestURI()));
            return;
        }
        chain.doFilter(new LimitedRequest(request, limit), response);
    }

    private static long limitFor(HttpServletRequest request) {
        return "POST".equals(request.getMethod()) && FINISH_PATH.matcher(request.getRequestURI()).matches()
                ? MAX_FINISH_BODY_BYTES : MAX_BODY_BYTES;
    }

    /** Thrown from the body stream; the exception handler turns it into 413. */
    public static class BodyTooLargeException extends IOException {

        private final long limitBytes;

        BodyTooLargeException(long limitBytes) {
            super("request body too large");
            this.limitBytes = limitBytes;
        }

        public long limitBytes() {
            return limitBytes;
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
                stream = new LimitedInputStream(super.getInputStream(), limit);
            }
            return stream;
        }
    }

    private static final class LimitedInputStream extends ServletInputStream {

        private final ServletInputStream delegate;
        private final long limit;
        private long count;

        LimitedInputStream(ServletInputStream delegate, long limit) {
            this.delegate = delegate;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = delegate.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = delegate.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws BodyTooLargeException {
            count += n;
            if (count > limit) {
                throw new BodyTooLargeException(limit);
            }
        }

        @Override
        public boolean isFinished() {
            return delegate.isFinished();
        }

        @Override
        public boolean isReady() {
            return delegate.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            delegate.setReadListener(listener);
        }
    }
}
