package io.atrium.gateway;

import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Refuses request bodies over {@code atrium.gateway.max-request-body} with a 413 problem. A body that declares its
 * length is judged by the header at once (the HTTP framing holds it to that length). A body without one — chunked —
 * is counted as it arrives: the gateway holds at most the limit, answers 413 the moment the count passes it, and
 * only a body that ended within the limit goes on to the service, so an oversized one never reaches it at all.
 * Runs after Spring Security, so a caller without a valid token gets its 401 before its body is read.
 */
@Component
class RequestBodyLimitFilter implements WebFilter, Ordered {

    private final long limit;
    private final long uploadLimit;
    private final java.util.List<org.springframework.web.util.pattern.PathPattern> uploadPaths;

    RequestBodyLimitFilter(BodyLimitProperties properties) {
        this.limit = properties.maxRequestBody().toBytes();
        this.uploadLimit = properties.maxUploadBody().toBytes();
        this.uploadPaths = properties.uploadPaths().stream()
                .map(org.springframework.web.util.pattern.PathPatternParser.defaultInstance::parse)
                .toList();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        long declared = request.getHeaders().getContentLength();
        if (upload(request)) {
            return declared > uploadLimit ? tooLarge(exchange, uploadLimit) : chain.filter(exchange);
        }
        if (declared > limit) {
            return tooLarge(exchange);
        }
        if (declared >= 0) {
            return chain.filter(exchange);
        }
        return DataBufferUtils.join(request.getBody(), (int) Math.min(limit, Integer.MAX_VALUE))
                .map(RequestBodyLimitFilter::bytes)
                .defaultIfEmpty(new byte[0])
                .map(Received::new)
                .onErrorResume(DataBufferLimitException.class, e -> Mono.just(Received.TOO_LARGE))
                .flatMap(received -> received == Received.TOO_LARGE
                        ? tooLarge(exchange)
                        : chain.filter(exchange.mutate()
                                .request(new Buffered(request, received.body()))
                                .build()));
    }

    /** A file upload: streamed on, however it is framed (the service counts a chunked one). */
    private boolean upload(ServerHttpRequest request) {
        org.springframework.http.HttpMethod method = request.getMethod();
        return (org.springframework.http.HttpMethod.POST.equals(method)
                        || org.springframework.http.HttpMethod.PUT.equals(method))
                && uploadPaths.stream()
                        .anyMatch(p -> p.matches(request.getPath().pathWithinApplication()));
    }

    private Mono<Void> tooLarge(ServerWebExchange exchange) {
        return tooLarge(exchange, limit);
    }

    private Mono<Void> tooLarge(ServerWebExchange exchange, long limit) {
        return GatewayProblems.write(
                exchange.getResponse(),
                HttpStatus.CONTENT_TOO_LARGE,
                "body-too-large",
                "Request body too large",
                "The request body is larger than the limit of " + limit + " bytes",
                null);
    }

    /** Copied out of the pooled buffers, which are released at once; the copy is at most the limit. */
    private static byte[] bytes(DataBuffer joined) {
        try {
            byte[] bytes = new byte[joined.readableByteCount()];
            joined.read(bytes);
            return bytes;
        } finally {
            DataBufferUtils.release(joined);
        }
    }

    @Override
    public int getOrder() {
        // Spring Security's filter chain runs at -100.
        return -50;
    }

    private record Received(byte[] body) {
        static final Received TOO_LARGE = new Received(null);
    }

    /** The request with the body that was counted, which the route then relays to the service. */
    private static final class Buffered extends ServerHttpRequestDecorator {

        private final byte[] body;

        Buffered(ServerHttpRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public Flux<DataBuffer> getBody() {
            return body.length == 0
                    ? Flux.empty()
                    : Flux.defer(() -> Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(body)));
        }
    }
}
