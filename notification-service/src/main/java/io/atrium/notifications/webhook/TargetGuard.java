package io.atrium.notifications.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.stereotype.Component;

/**
 * The SSRF defence: whether a webhook may connect to an address. Refused are loopback, unspecified, private (RFC 1918,
 * IPv6 unique local), carrier-grade NAT, link-local (which includes the cloud metadata address 169.254.169.254) and
 * multicast addresses — unless a configured network allows them for local development.
 */
@Component
class TargetGuard {

    private final List<IpAddressMatcher> allowed;

    TargetGuard(WebhookProperties properties) {
        this.allowed = properties.allowedNetworks().stream()
                .filter(n -> !n.isBlank())
                .map(n -> new IpAddressMatcher(n.strip()))
                .toList();
    }

    /** Why the address is refused, or null when it may be used. */
    String refusal(InetAddress address) {
        String reason = internal(address);
        if (reason == null) {
            return null;
        }
        String literal = address.getHostAddress();
        return allowed.stream().anyMatch(m -> m.matches(literal)) ? null : reason;
    }

    private static String internal(InetAddress address) {
        if (address.isLoopbackAddress()) {
            return "loopback address";
        }
        if (address.isAnyLocalAddress()) {
            return "unspecified address";
        }
        if (address.isLinkLocalAddress()) {
            return "link-local address (cloud metadata)";
        }
        if (address.isSiteLocalAddress()) {
            return "private address";
        }
        if (address.isMulticastAddress()) {
            return "multicast address";
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = bytes[0] & 0xff;
            int second = bytes[1] & 0xff;
            if (first == 0) {
                return "unspecified address";
            }
            if (first == 100 && second >= 64 && second < 128) {
                return "private address (carrier-grade NAT)";
            }
            if (first == 192 && second == 0 && (bytes[2] & 0xff) == 0) {
                return "private address (IETF protocol assignments)";
            }
        }
        if (address instanceof Inet6Address) {
            if ((bytes[0] & 0xfe) == 0xfc) {
                return "private address (unique local)";
            }
            if (isMapped(bytes)) {
                try {
                    return internal(InetAddress.getByAddress(java.util.Arrays.copyOfRange(bytes, 12, 16)));
                } catch (java.net.UnknownHostException e) {
                    return "unusable address";
                }
            }
        }
        return null;
    }

    private static boolean isMapped(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return (bytes[10] & 0xff) == 0xff && (bytes[11] & 0xff) == 0xff;
    }
}
