package io.atrium.platform.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses request bodies over {@code atrium.web.max-request-body} with a 413 problem: at once when the declared
 * {@code Content-Length} is too large, and otherwise while the body streams in (chunked bodies declare no length), by
 * counting the bytes the application reads and failing the read that passes the limit. The service then answers 413
 * (see {@link ProblemDetailsExceptionHandler}) and has written nothing, since nothing past the body's parsing ran.
 */
class RequestBodyLimitFilter extends OncePerRequestFilter {

    private final long defaultLimit;
    private final long uploadLimit;
    private final java.util.List<org.springframework.web.util.pattern.PathPattern> uploadPaths;
    private final JsonMapper json;

    RequestBodyLimitFilter(long limit, JsonMapper json) {
        this(limit, limit, java.util.List.of(), json);
    }

    /** {@code uploadLimit} for a POST or PUT to one of {@code uploadPaths} (file uploads), else {@code limit}. */
    RequestBodyLimitFilter(long limit, long uploadLimit, java.util.List<String> uploadPaths, JsonMapper json) {
        this.defaultLimit = limit;
        this.uploadLimit = uploadLimit;
        this.uploadPaths = uploadPaths.stream()
                .map(org.springframework.web.util.pattern.PathPatternParser.defaultInstance::parse)
                .toList();
        this.json = json;
    }

    private long limitOf(HttpServletRequest request) {
        if (uploadPaths.isEmpty() || !("POST".equals(request.getMethod()) || "PUT".equals(request.getMethod()))) {
            return defaultLimit;
        }
        org.springframework.http.server.PathContainer path =
                org.springframework.http.server.PathContainer.parsePath(request.getRequestURI());
        return uploadPaths.stream().anyMatch(p -> p.matches(path)) ? uploadLimit : defaultLimit;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long limit = limitOf(request);
        if (request.getContentLengthLong() > limit) {
            write(response, request, limit);
            return;
        }
        try {
            chain.doFilter(new Limited(request, limit), response);
        } catch (ServletException | RuntimeException e) {
            // A read past the limit that no handler turned into a response (a filter or view read the body).
            if (BodyTooLargeException.causes(e) && !response.isCommitted()) {
                response.reset();
                write(response, request, limit);
                return;
            }
            throw e;
        }
    }

    private void write(HttpServletResponse response, HttpServletRequest request, long limit) throws IOException {
        ProblemDetail problem = problem(limit);
        problem.setInstance(URI.create(request.getRequestURI()));
        response.setStatus(HttpStatus.CONTENT_TOO_LARGE.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }

    static ProblemDetail problem(long limit) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.CONTENT_TOO_LARGE, "The request body is larger than the limit of " + limit + " bytes");
        problem.setType(Problems.type("body-too-large"));
        problem.setTitle("Request body too large");
        problem.setProperty("limit", limit);
        return problem;
    }

    /** What a read past the limit throws; an IOException so that every reader of the body passes it on. */
    static final class BodyTooLargeException extends IOException {

        final long limit;

        BodyTooLargeException(long limit) {
            super("The request body is larger than the limit of " + limit + " bytes");
            this.limit = limit;
        }

        static boolean causes(Throwable e) {
            return find(e) != null;
        }

        static BodyTooLargeException find(Throwable e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof BodyTooLargeException tooLarge) {
                    return tooLarge;
                }
                if (cause.getCause() == cause) {
                    break;
                }
            }
            return null;
        }
    }

    private static final class Limited extends HttpServletRequestWrapper {

        private final long limit;
        private ServletInputStream stream;

        Limited(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new CountingStream(super.getInputStream(), limit);
            }
            return stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }
    }

    private static final class CountingStream extends ServletInputStream {

        private final ServletInputStream delegate;
        private final long limit;
        private long count;

        CountingStream(ServletInputStream delegate, long limit) {
            this.delegate = delegate;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = delegate.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = delegate.read(buffer, offset, length);
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        private void counted(int n) throws BodyTooLargeException {
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
