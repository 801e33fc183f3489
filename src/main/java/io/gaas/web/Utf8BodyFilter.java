package io.gaas.web;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

/**
 * JSON bodies must be UTF-8 (RFC 8259 §8.1), and this checks that they are while they are read.
 * The JSON parser decodes some invalid forms instead of refusing them: an over-long "C0 AF" became
 * "/", an over-long "C0 80" a NUL, an encoded surrogate half an unpaired surrogate. Any byte
 * sequence that is not UTF-8 now fails the read, and the exception handler answers 400
 * MALFORMED_REQUEST.
 */
public class Utf8BodyFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(isJson(request) ? new Utf8Request(request) : request, response);
    }

    private static boolean isJson(HttpServletRequest request) {
        String contentType = request.getContentType();
        if (contentType == null) {
            return false;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return type.isCompatibleWith(MediaType.APPLICATION_JSON)
                    || "application".equals(type.getType()) && type.getSubtype().endsWith("+json");
        }
        catch (IllegalArgumentException unreadable) {
            return false; // refused as an unsupported media type later on
        }
    }

    /** Thrown from the body stream; the exception handler's default for unreadable bodies answers 400. */
    public static class NotUtf8Exception extends IOException {

        NotUtf8Exception() {
            super("request body is not UTF-8");
        }
    }

    private static final class Utf8Request extends HttpServletRequestWrapper {

        private ServletInputStream stream;

        Utf8Request(HttpServletRequest request) {
            super(request);
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new Utf8CheckingInputStream(super.getInputStream());
            }
            return stream;
        }
    }

    /** Passes bytes through unchanged, decoding them on the side with a decoder that refuses what is not UTF-8. */
    static final class Utf8CheckingInputStream extends ServletInputStream {

        private final ServletInputStream delegate;
        private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
        /** Bytes of a sequence that a read cut in two; at most 3. */
        private final ByteBuffer pending = ByteBuffer.allocate(4);
        private final CharBuffer scratch = CharBuffer.allocate(1024);
        private boolean ended;

        Utf8CheckingInputStream(ServletInputStream delegate) {
            this.delegate = delegate;
        }

        @Override
        public int read() throws IOException {
            int b = delegate.read();
            if (b < 0) {
                end();
            }
            else {
                check(new byte[] { (byte) b }, 0, 1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = delegate.read(buffer, offset, length);
            if (n < 0) {
                end();
            }
            else if (n > 0) {
                check(buffer, offset, n);
            }
            return n;
        }

        private void check(byte[] bytes, int offset, int length) throws NotUtf8Exception {
            ByteBuffer in;
            if (pending.position() > 0) {
                pending.flip();
                in = ByteBuffer.allocate(pending.remaining() + length).put(pending).put(bytes, offset, length).flip();
                pending.clear();
            }
            else {
                in = ByteBuffer.wrap(bytes, offset, length);
            }
            decode(in, false);
            if (in.remaining() > 3) {
                throw new NotUtf8Exception();
            }
            pending.put(in);
        }

        private void end() throws NotUtf8Exception {
            if (ended) {
                return;
            }
            ended = true;
            pending.flip();
            decode(pending, true);
            scratch.clear();
            if (decoder.flush(scratch).isError() || pending.hasRemaining()) {
                throw new NotUtf8Exception();
            }
        }

        private void decode(ByteBuffer in, boolean endOfInput) throws NotUtf8Exception {
            while (true) {
                scratch.clear();
                CoderResult result = decoder.decode(in, scratch, endOfInput);
                if (result.isError()) {
                    throw new NotUtf8Exception();
                }
                if (result.isUnderflow()) {
                    return;
                }
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
