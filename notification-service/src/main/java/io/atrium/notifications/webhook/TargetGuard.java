package io.atrium.notifications.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.stereotype.Component;

/**
 * The SSRF defence: whether a webhook may use a host name and connect to an address. The one place every address form
 * is normalised: an IPv4 address carried inside an IPv6 one (IPv4-mapped {@code ::ffff:0:0/96}, IPv4-compatible
 * {@code ::/96}, NAT64 {@code 64:ff9b::/96}, 6to4 {@code 2002::/16}, Teredo {@code 2001::/32}) is taken out and
 * checked as IPv4. Refused are every IPv4 block that is not globally reachable (loopback, unspecified {@code 0/8},
 * private, carrier-grade NAT, link-local with the cloud metadata address, IETF protocol assignments, documentation,
 * benchmarking {@code 198.18/15}, multicast, reserved {@code 240/4} and broadcast), cloud metadata addresses outside
 * them ({@code 168.63.129.16}), and every IPv6 address outside global unicast {@code 2000::/3} (unique local
 * {@code fc00::/7}, link-local, multicast, local-use NAT64 {@code 64:ff9b:1::/48}, …) or in its documentation and
 * benchmarking blocks. {@code allowed-networks} lets an internal address through for local development only when it is
 * connected to directly: never a metadata address, and never one inside a tunnelling form.
 */
@Component
class TargetGuard {

    /** Names whose last label is a number (or hex) are IPv4 literals to some parser; only the canonical form is. */
    private static final Pattern NUMERIC_LABEL = Pattern.compile("[0-9]+|0[xX][0-9a-fA-F]*");

    private static final Pattern CANONICAL_IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");

    private record Block(byte[] prefix, int bits, String reason) {

        static Block of(String cidr, String reason) {
            int slash = cidr.indexOf('/');
            try {
                byte[] prefix = InetAddress.getByName(cidr.substring(0, slash)).getAddress();
                if (cidr.contains(":") && prefix.length == 4) {
                    // Java reads ::ffff:a.b.c.d as IPv4; the block is the IPv6 one.
                    byte[] mapped = new byte[16];
                    mapped[10] = (byte) 0xff;
                    mapped[11] = (byte) 0xff;
                    System.arraycopy(prefix, 0, mapped, 12, 4);
                    prefix = mapped;
                }
                return new Block(prefix, Integer.parseInt(cidr.substring(slash + 1)), reason);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(cidr, e);
            }
        }

        boolean contains(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            for (int bit = 0; bit < bits; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((address[bit / 8] & mask) != (prefix[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Never reachable, whatever {@code allowed-networks} says. */
    private static final List<Block> METADATA = List.of(
            Block.of("169.254.169.254/32", "cloud metadata address"),
            Block.of("169.254.170.2/32", "cloud metadata address (AWS ECS)"),
            Block.of("168.63.129.16/32", "cloud metadata address (Azure)"),
            Block.of("100.100.100.200/32", "cloud metadata address (Alibaba)"),
            Block.of("192.0.0.192/32", "cloud metadata address (Oracle)"),
            Block.of("fd00:ec2::254/128", "cloud metadata address (AWS)"));

    private static final List<Block> IPV4 = List.of(
            Block.of("0.0.0.0/8", "unspecified address"),
            Block.of("10.0.0.0/8", "private address"),
            Block.of("100.64.0.0/10", "private address (carrier-grade NAT, cloud metadata)"),
            Block.of("127.0.0.0/8", "loopback address"),
            Block.of("169.254.0.0/16", "link-local address (cloud metadata)"),
            Block.of("172.16.0.0/12", "private address"),
            Block.of("192.0.0.0/24", "private address (IETF protocol assignments)"),
            Block.of("192.0.2.0/24", "documentation address"),
            Block.of("192.88.99.0/24", "reserved address (6to4 relay)"),
            Block.of("192.168.0.0/16", "private address"),
            Block.of("198.18.0.0/15", "benchmarking address"),
            Block.of("198.51.100.0/24", "documentation address"),
            Block.of("203.0.113.0/24", "documentation address"),
            Block.of("224.0.0.0/4", "multicast address"),
            Block.of("255.255.255.255/32", "broadcast address"),
            Block.of("240.0.0.0/4", "reserved address"));

    private static final Block UNSPECIFIED = Block.of("::/128", "unspecified address");
    private static final Block LOOPBACK = Block.of("::1/128", "loopback address");

    private static final List<Block> IPV6 = List.of(
            UNSPECIFIED,
            LOOPBACK,
            Block.of("64:ff9b:1::/48", "private address (local-use NAT64)"),
            Block.of("fc00::/7", "private address (unique local, cloud metadata)"),
            Block.of("fe80::/10", "link-local address"),
            Block.of("fec0::/10", "private address (site-local)"),
            Block.of("ff00::/8", "multicast address"),
            Block.of("2001:db8::/32", "documentation address"),
            Block.of("3fff::/20", "documentation address"),
            Block.of("2001:2::/48", "benchmarking address"));

    private static final Block GLOBAL_UNICAST = Block.of("2000::/3", "");
    private static final Block MAPPED = Block.of("::ffff:0:0/96", "");
    private static final Block COMPATIBLE = Block.of("::/96", "");
    private static final Block NAT64 = Block.of("64:ff9b::/96", "");
    private static final Block SIX_TO_FOUR = Block.of("2002::/16", "");
    private static final Block TEREDO = Block.of("2001::/32", "");

    private final List<IpAddressMatcher> allowed;

    TargetGuard(WebhookProperties properties) {
        this.allowed = properties.allowedNetworks().stream()
                .filter(n -> !n.isBlank())
                .map(n -> new IpAddressMatcher(n.strip()))
                .toList();
    }

    /**
     * Why a host, as written in a URL, is refused before it is resolved, or null. Only canonical literals are taken:
     * resolvers disagree on {@code 127.1}, {@code 0x7f.1}, {@code 2130706433} and {@code 0177.0.0.1} (octal to some,
     * decimal to Java), so a host whose last label is a number must be a dotted quad of four decimal numbers; an IPv6
     * literal must not name a zone.
     */
    static String hostRefusal(String host) {
        if (host == null || host.isEmpty()) {
            return "no host";
        }
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (bare.contains(":")) {
            return bare.contains("%") ? "an IPv6 address with a zone" : null;
        }
        String[] labels = bare.split("\\.", -1);
        String last = labels[labels.length - 1].isEmpty() && labels.length > 1
                ? labels[labels.length - 2]
                : labels[labels.length - 1];
        if (NUMERIC_LABEL.matcher(last).matches()
                && !CANONICAL_IPV4.matcher(bare).matches()) {
            return "not a canonical IPv4 address (write four decimal numbers, such as 192.0.2.10)";
        }
        return null;
    }

    /** Why the address is refused, or null when it may be used. */
    String refusal(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (MAPPED.contains(bytes)) {
            bytes = Arrays.copyOfRange(bytes, 12, 16);
        }
        for (Block block : METADATA) {
            if (block.contains(bytes)) {
                return block.reason();
            }
        }
        if (bytes.length == 16) {
            Carried carried = carried(bytes);
            if (carried != null) {
                // Judged by the IPv4 addresses inside; allowed-networks never lets one through in this form.
                for (byte[] ipv4 : carried.ipv4()) {
                    String reason = embedded(ipv4, carried.form());
                    if (reason != null) {
                        return reason;
                    }
                }
                return carried.form().equals("IPv4-compatible") ? "deprecated IPv4-compatible address" : null;
            }
        }
        String reason = bytes.length == 4 ? ipv4(bytes) : ipv6(bytes);
        if (reason == null) {
            return null;
        }
        String literal = literal(bytes);
        return allowed.stream().anyMatch(m -> m.matches(literal)) ? null : reason;
    }

    /** IPv4 addresses an IPv6 address carries, and the form it carries them in. */
    private record Carried(String form, List<byte[]> ipv4) {}

    /** What an IPv6 address carries in a tunnelling or translation form, or null when it is not one. */
    private static Carried carried(byte[] bytes) {
        if (COMPATIBLE.contains(bytes) && !UNSPECIFIED.contains(bytes) && !LOOPBACK.contains(bytes)) {
            return new Carried("IPv4-compatible", List.of(Arrays.copyOfRange(bytes, 12, 16)));
        }
        if (NAT64.contains(bytes)) {
            return new Carried("NAT64", List.of(Arrays.copyOfRange(bytes, 12, 16)));
        }
        if (SIX_TO_FOUR.contains(bytes)) {
            return new Carried("6to4", List.of(Arrays.copyOfRange(bytes, 2, 6)));
        }
        if (TEREDO.contains(bytes)) {
            // The server's address as is, the client's inverted (RFC 4380).
            byte[] client = Arrays.copyOfRange(bytes, 12, 16);
            for (int i = 0; i < client.length; i++) {
                client[i] = (byte) ~client[i];
            }
            return new Carried("Teredo", List.of(Arrays.copyOfRange(bytes, 4, 8), client));
        }
        return null;
    }

    private static String embedded(byte[] ipv4, String form) {
        for (Block block : METADATA) {
            if (block.contains(ipv4)) {
                return block.reason() + " (" + form + " form)";
            }
        }
        String inner = ipv4(ipv4);
        return inner == null ? null : inner + " (" + form + " form)";
    }

    private static String ipv4(byte[] bytes) {
        return first(IPV4, bytes);
    }

    private static String ipv6(byte[] bytes) {
        String reason = first(IPV6, bytes);
        if (reason == null && !GLOBAL_UNICAST.contains(bytes)) {
            return "reserved address (not global unicast)";
        }
        return reason;
    }

    private static String first(List<Block> blocks, byte[] bytes) {
        for (Block block : blocks) {
            if (block.contains(bytes)) {
                return block.reason();
            }
        }
        return null;
    }

    private static String literal(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
