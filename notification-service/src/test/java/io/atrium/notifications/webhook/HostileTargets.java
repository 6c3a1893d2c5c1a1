package io.atrium.notifications.webhook;

import java.util.List;
import java.util.stream.Stream;

/**
 * Hosts, as written in a webhook URL, that must never be connected to: every way of writing an internal address.
 * None is 127.0.0.1 itself, which the integration tests allow for their receivers (the strict checks add those).
 */
final class HostileTargets {

    private HostileTargets() {}

    static final List<String> HOSTS = List.of(
            // IPv4 blocks that are not globally reachable.
            "127.0.0.2",
            "10.0.0.5",
            "172.16.0.1",
            "192.168.1.10",
            "169.254.169.254", // AWS, GCP, Azure, DigitalOcean metadata
            "100.64.0.1",
            "100.100.100.200", // Alibaba metadata
            "168.63.129.16", // Azure wire server, a public address
            "192.0.0.192", // Oracle metadata
            "198.18.0.1",
            "198.19.255.254",
            "240.0.0.1",
            "255.255.255.255",
            "0.0.0.0",
            "0.1.2.3",
            "224.0.0.1",
            "239.255.255.250",
            "192.0.2.10",
            // IPv4 literals that parsers read differently.
            "2130706433",
            "0x7f.1",
            "0x7f000001",
            "127.1",
            "0177.0.0.1",
            "017700000001",
            "127.0.0.1.",
            // IPv6, and IPv4 inside IPv6.
            "[::1]",
            "[::]",
            "[::127.0.0.1]", // IPv4-compatible
            "[::7f00:1]",
            "[::ffff:127.0.0.2]", // IPv4-mapped
            "[::ffff:a00:5]",
            "[::ffff:169.254.169.254]",
            "[::ffff:168.63.129.16]",
            "[64:ff9b::127.0.0.1]", // NAT64
            "[64:ff9b::a9fe:a9fe]",
            "[64:ff9b::a83f:8110]",
            "[64:ff9b:1::808:808]", // local-use NAT64
            "[2002:7f00:1::1]", // 6to4
            "[2002:a9fe:a9fe::1]",
            "[2001:0:7f00:1::1]", // Teredo, internal server
            "[2001:0:4136:e378:8000:63bf:f5ff:fffa]", // Teredo, client 10.0.0.5
            "[fc00::1]",
            "[fd00:ec2::254]", // AWS metadata over IPv6
            "[fe80::1]",
            "[fe80::1%25eth0]",
            "[fec0::1]",
            "[ff02::1]",
            "[100::1]",
            "[2001:db8::1]");

    static Stream<String> hosts() {
        return HOSTS.stream();
    }
}
