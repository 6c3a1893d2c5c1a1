package io.atrium.notifications.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.apache.hc.client5.http.DnsResolver;

/**
 * Resolves a webhook target's host for the connection itself and refuses it when any address is internal: the check
 * is on the address actually connected to, so a name that resolved to a public address when the subscription was
 * made and to an internal one now (DNS rebinding) is refused. IP literals pass through here too.
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

    /** A target that resolves to an address webhooks may not reach. */
    static final class RefusedTargetException extends UnknownHostException {

        RefusedTargetException(String host, InetAddress address, String reason) {
            super("Refused " + host + ": it resolves to " + address.getHostAddress() + ", a " + reason);
        }
    }
}
