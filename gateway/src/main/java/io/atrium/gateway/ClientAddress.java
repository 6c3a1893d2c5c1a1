package io.atrium.gateway;

import io.atrium.platform.security.ClientAddresses;
import java.net.InetSocketAddress;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Who the client is, by address: the connection's peer, unless that peer is one of {@code trustedProxies} (a load
 * balancer or ingress in front of the gateway), in which case the rightmost address in its {@code X-Forwarded-For}
 * that is not a trusted proxy — what a client writes into the header itself is never believed. The gateway keys its
 * rate limit for callers without a token by it, and passes it to the services in {@value #HEADER} (contact-service's
 * public web forms record it as the visitor's address and limit by it).
 */
@Component
class ClientAddress implements GlobalFilter, Ordered {

    static final String FORWARDED_FOR = "X-Forwarded-For";

    /**
     * The header the services get the client's address in, always set here (whatever a client sent under that name
     * is replaced). Spring Cloud Gateway itself forwards no X-Forwarded-For unless its own trusted proxies are set.
     */
    static final String HEADER = ClientAddresses.HEADER;

    /**
     * @param trustedProxies addresses or CIDR ranges of the proxies in front of the gateway whose X-Forwarded-For is
     *     believed ({@code ATRIUM_TRUSTED_PROXIES}, comma-separated); none by default
     */
    @ConfigurationProperties("atrium.gateway.client-address")
    record Properties(@DefaultValue List<String> trustedProxies) {}

    private final List<Network> trusted;

    ClientAddress(Properties properties) {
        this.trusted = properties.trustedProxies().stream()
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .map(Network::parse)
                .toList();
    }

    /** The client's address for this request. */
    String of(ServerHttpRequest request) {
        InetSocketAddress remote = request.getRemoteAddress();
        String peer = remote == null || remote.getAddress() == null
                ? "unknown"
                : remote.getAddress().getHostAddress();
        if (!isTrusted(peer)) {
            return peer;
        }
        List<String> forwarded = request.getHeaders().getValuesAsList(FORWARDED_FOR);
        for (int i = forwarded.size() - 1; i >= 0; i--) {
            String hop = forwarded.get(i).strip();
            if (Network.bytes(hop) != null && !isTrusted(hop)) {
                return hop;
            }
        }
        return peer;
    }

    private boolean isTrusted(String address) {
        if (trusted.isEmpty() || "unknown".equals(address)) {
            return false;
        }
        byte[] bytes = Network.bytes(address);
        return bytes != null && trusted.stream().anyMatch(n -> n.contains(bytes));
    }

    /** An address range: {@code 10.0.0.0/8}, {@code fd00::/8}, or one address. */
    record Network(byte[] address, int prefix) {

        static Network parse(String cidr) {
            int slash = cidr.indexOf('/');
            byte[] address = bytes(slash < 0 ? cidr : cidr.substring(0, slash));
            if (address == null) {
                throw new IllegalArgumentException("not an address or CIDR range: " + cidr);
            }
            int prefix = slash < 0 ? address.length * 8 : Integer.parseInt(cidr.substring(slash + 1));
            if (prefix < 0 || prefix > address.length * 8) {
                throw new IllegalArgumentException("prefix out of range: " + cidr);
            }
            return new Network(address, prefix);
        }

        /** The bytes of a literal address (never a DNS look-up), or null. */
        static byte[] bytes(String literal) {
            return ClientAddresses.literal(literal);
        }

        boolean contains(byte[] other) {
            if (other.length != address.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (other[i] != address[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (other[full] & mask) == (address[full] & mask);
        }
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        String client = of(exchange.getRequest());
        return chain.filter(exchange.mutate()
                .request(r -> r.headers(h -> h.set(HEADER, client)))
                .build());
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 1;
    }
}
