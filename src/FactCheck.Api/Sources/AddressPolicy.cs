using System.Net;
using System.Net.Sockets;

namespace FactCheck.Api.Sources;

/// <summary>
/// Which IP addresses the service may connect to when fetching a cited page: public unicast only.
/// A pure function, so every range is tested without opening a connection.
/// </summary>
public static class AddressPolicy
{
    static readonly (IPAddress Network, int Prefix, string Reason)[] V4Blocked =
    [
        (IPAddress.Parse("0.0.0.0"), 8, "unspecified or 'this network' address (0.0.0.0/8)"),
        (IPAddress.Parse("10.0.0.0"), 8, "private address (10.0.0.0/8)"),
        (IPAddress.Parse("100.64.0.0"), 10, "carrier-grade NAT address (100.64.0.0/10)"),
        (IPAddress.Parse("127.0.0.0"), 8, "loopback address (127.0.0.0/8)"),
        (IPAddress.Parse("169.254.0.0"), 16, "link-local address (169.254.0.0/16, cloud metadata)"),
        (IPAddress.Parse("172.16.0.0"), 12, "private address (172.16.0.0/12)"),
        (IPAddress.Parse("192.0.0.0"), 24, "IETF protocol assignment (192.0.0.0/24)"),
        (IPAddress.Parse("192.0.2.0"), 24, "documentation address (192.0.2.0/24)"),
        (IPAddress.Parse("192.88.99.0"), 24, "6to4 relay anycast (192.88.99.0/24)"),
        (IPAddress.Parse("192.168.0.0"), 16, "private address (192.168.0.0/16)"),
        (IPAddress.Parse("198.18.0.0"), 15, "benchmarking address (198.18.0.0/15)"),
        (IPAddress.Parse("198.51.100.0"), 24, "documentation address (198.51.100.0/24)"),
        (IPAddress.Parse("203.0.113.0"), 24, "documentation address (203.0.113.0/24)"),
        (IPAddress.Parse("224.0.0.0"), 4, "multicast address (224.0.0.0/4)"),
        (IPAddress.Parse("240.0.0.0"), 4, "reserved or broadcast address (240.0.0.0/4)"),
    ];

    static readonly (IPAddress Network, int Prefix, string Reason)[] V6Blocked =
    [
        (IPAddress.Parse("::"), 128, "unspecified address (::)"),
        (IPAddress.Parse("::1"), 128, "loopback address (::1)"),
        (IPAddress.Parse("64:ff9b:1::"), 48, "local-use NAT64 address (64:ff9b:1::/48)"),
        (IPAddress.Parse("100::"), 64, "discard-only address (100::/64)"),
        (IPAddress.Parse("2001:db8::"), 32, "documentation address (2001:db8::/32)"),
        (IPAddress.Parse("fc00::"), 7, "unique-local address (fc00::/7)"),
        (IPAddress.Parse("fe80::"), 10, "link-local address (fe80::/10)"),
        (IPAddress.Parse("fec0::"), 10, "site-local address (fec0::/10)"),
        (IPAddress.Parse("ff00::"), 8, "multicast address (ff00::/8)"),
    ];

    /// <summary>Why <paramref name="address"/> may not be fetched from, or null when it may.</summary>
    public static string? Check(IPAddress address, bool allowLoopback)
    {
        // IPv4 spelled as IPv6 (::ffff:127.0.0.1, ::127.0.0.1, 64:ff9b::7f00:1, 2002:7f00:1::) is judged as the IPv4 it carries.
        if (address.AddressFamily == AddressFamily.InterNetworkV6 && EmbeddedV4(address) is { } v4) return Check(v4, allowLoopback);
        if (allowLoopback && IPAddress.IsLoopback(address)) return null;
        var table = address.AddressFamily == AddressFamily.InterNetwork ? V4Blocked : V6Blocked;
        foreach (var (network, prefix, reason) in table)
            if (InRange(address, network, prefix)) return reason;
        return address.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6 ? null : "not an IP address";
    }

    static IPAddress? EmbeddedV4(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) return address.MapToIPv4();
        var b = address.GetAddressBytes();
        // IPv4-compatible ::a.b.c.d (deprecated) but not :: and ::1
        if (b.Take(12).All(x => x == 0) && !(b[12] == 0 && b[13] == 0 && b[14] == 0 && b[15] <= 1)) return new IPAddress(b[12..16]);
        // NAT64 well-known prefix 64:ff9b::/96
        if (b[0] == 0 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b.Skip(4).Take(8).All(x => x == 0)) return new IPAddress(b[12..16]);
        // 6to4 2002:AABB:CCDD::/48 carries AA.BB.CC.DD
        if (b[0] == 0x20 && b[1] == 0x02) return new IPAddress(b[2..6]);
        return null;
    }

    static bool InRange(IPAddress address, IPAddress network, int prefix)
    {
        var a = address.GetAddressBytes();
        var n = network.GetAddressBytes();
        if (a.Length != n.Length) return false;
        var full = prefix / 8;
        for (var i = 0; i < full; i++) if (a[i] != n[i]) return false;
        var rest = prefix % 8;
        if (rest == 0) return true;
        var mask = (byte)(0xFF << (8 - rest));
        return (a[full] & mask) == (n[full] & mask);
    }
}
