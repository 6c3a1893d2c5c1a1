package io.atrium.platform.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * The client's address between the gateway and the services: the gateway determines it (the connection's peer, or
 * behind trusted proxies the nearest address they vouch for) and sets {@value #HEADER} on every request it forwards,
 * replacing whatever a client sent under that name; a service that needs it (contact-service's public web forms)
 * reads it, and only ever as a literal address.
 */
public final class ClientAddresses {

    /** The header the gateway sets. */
    public static final String HEADER = "Atrium-Client-Address";

    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private ClientAddresses() {}

    /** Every part of a dotted quad at most 255: otherwise the JDK would take it for a host name and look it up. */
    private static boolean octetsFit(String dottedQuad) {
        for (String part : dottedQuad.split("\\.")) {
            if (Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    /**
     * The bytes of a literal IPv4 or IPv6 address, or null for anything else. Only a dotted quad or a form with a
     * colon reaches {@link InetAddress#getByName}, which then parses it without any name look-up.
     */
    public static byte[] literal(String value) {
        if (value == null) {
            return null;
        }
        boolean ipv4 = IPV4.matcher(value).matches() && octetsFit(value);
        boolean ipv6 = value.indexOf(':') >= 0 && IPV6.matcher(value).matches();
        if (!ipv4 && !ipv6) {
            return null;
        }
        try {
            return InetAddress.getByName(value).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
