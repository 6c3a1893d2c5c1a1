package io.atrium.notifications.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.apache.hc.client5.http.DnsResolver;

/**
 * Resolves a webhook target's host for the connection itself and refuses it when any address is internal: the check
 * is on the address actually connected to, so a name that resolved to a public address when the subscription was
 * made and to an internal one now (DNS rebinding) is refused. IP literals pass through here too (the HTTP client hands
 * them over as written, IPv6 ones in brackets), and so does the subscription check, so both judge a host the same way.
 */
final class GuardedDnsResolver implements DnsResolver {

    private final DnsResolver delegate;
    private final TargetGuard guard;

    GuardedDnsResolver(DnsResolver delegate, TargetGuard guard) {
        this.delegate = delegate;
        this.guard = guard;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        String hostRefusal = TargetGuard.hostRefusal(host);
        if (hostRefusal != null) {
            throw new RefusedTargetException(host, null, hostRefusal);
        }
        InetAddress[] addresses = delegate.resolve(host);
        for (InetAddress address : addresses) {
            String refusal = guard.refusal(address);
            if (refusal != null) {
                throw new RefusedTargetException(host, address, refusal);
            }
        }
        return addresses;
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
        return delegate.resolveCanonicalHostname(host);
    }

    /** A target that is, or resolves to, an address webhooks may not reach. */
    static final class RefusedTargetException extends UnknownHostException {

        private final transient InetAddress address;
        private final String reason;

        RefusedTargetException(String host, InetAddress address, String reason) {
            super(
                    address == null
                            ? "Refused " + host + ": " + reason
                            : "Refused " + host + ": it resolves to " + address.getHostAddress() + ", a " + reason);
            this.address = address;
            this.reason = reason;
        }

        /** The refused address, or null when the host itself was refused. */
        InetAddress address() {
            return address;
        }

        String reason() {
            return reason;
        }
    }
}
