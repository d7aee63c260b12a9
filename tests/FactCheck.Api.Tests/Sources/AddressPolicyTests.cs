using System.Net;
using FactCheck.Api.Sources;
using Microsoft.Extensions.Options;

namespace FactCheck.Api.Tests.Sources;

/// <summary>The SSRF address policy as a pure function: no connection is opened by these tests.</summary>
public sealed class AddressPolicyTests
{
    [Theory]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("127.255.255.254", "loopback")]
    [InlineData("::1", "loopback")]
    [InlineData("10.0.0.1", "private")]
    [InlineData("10.255.255.255", "private")]
    [InlineData("172.16.0.1", "private")]
    [InlineData("172.31.255.255", "private")]
    [InlineData("192.168.0.1", "private")]
    [InlineData("169.254.169.254", "link-local")]
    [InlineData("169.254.0.1", "link-local")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("fc00::1", "unique-local")]
    [InlineData("fd12:3456::1", "unique-local")]
    [InlineData("100.64.0.1", "carrier-grade NAT")]
    [InlineData("100.127.255.255", "carrier-grade NAT")]
    [InlineData("224.0.0.1", "multicast")]
    [InlineData("239.255.255.250", "multicast")]
    [InlineData("ff02::1", "multicast")]
    [InlineData("0.0.0.0", "unspecified")]
    [InlineData("0.1.2.3", "unspecified")]
    [InlineData("::", "unspecified")]
    [InlineData("255.255.255.255", "broadcast")]
    [InlineData("::ffff:127.0.0.1", "loopback")]
    [InlineData("::ffff:169.254.169.254", "link-local")]
    [InlineData("::ffff:10.0.0.1", "private")]
    [InlineData("::10.0.0.1", "private")]
    [InlineData("64:ff9b::a9fe:a9fe", "link-local")]
    [InlineData("2002:7f00:1::", "loopback")]
    [InlineData("192.0.2.10", "documentation")]
    public void Non_public_addresses_are_blocked(string address, string reason)
    {
        var verdict = AddressPolicy.Check(IPAddress.Parse(address), allowLoopback: false);

        Assert.NotNull(verdict);
        Assert.Contains(reason, verdict, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("8.8.8.8")]
    [InlineData("172.15.255.255")]
    [InlineData("172.32.0.1")]
    [InlineData("100.63.255.255")]
    [InlineData("100.128.0.1")]
    [InlineData("2606:2800:220:1:248:1893:25c8:1946")]
    [InlineData("::ffff:93.184.216.34")]
    public void Public_addresses_are_allowed(string address)
    {
        Assert.Null(AddressPolicy.Check(IPAddress.Parse(address), allowLoopback: false));
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    public void Allow_loopback_lets_loopback_through_and_nothing_else(string address)
    {
        Assert.Null(AddressPolicy.Check(IPAddress.Parse(address), allowLoopback: true));
        Assert.NotNull(AddressPolicy.Check(IPAddress.Parse("10.0.0.1"), allowLoopback: true));
        Assert.NotNull(AddressPolicy.Check(IPAddress.Parse("169.254.169.254"), allowLoopback: true));
    }

    sealed class NoResolver : IHostResolver
    {
        public Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct) => throw new InvalidOperationException("no DNS in this test");
    }

    static UrlGuard Guard(bool allowLoopback = false, params int[] ports) =>
        new(Options.Create(new FetchingOptions { AllowLoopback = allowLoopback, AllowedPorts = ports }), new NoResolver());

    [Theory]
    [InlineData("http://2130706433/", "loopback")]          // decimal
    [InlineData("http://0x7f000001/", "loopback")]          // hex
    [InlineData("http://0177.0.0.1/", "loopback")]          // octal
    [InlineData("http://017700000001/", "loopback")]        // octal, one number
    [InlineData("http://127.1/", "loopback")]               // short form
    [InlineData("http://0x7f.1/", "loopback")]              // mixed
    [InlineData("http://[::ffff:127.0.0.1]/", "loopback")]  // IPv4-mapped IPv6
    [InlineData("http://[::ffff:a9fe:a9fe]/", "link-local")]
    [InlineData("http://2852039166/latest/meta-data/", "link-local")] // 169.254.169.254 in decimal
    [InlineData("http://0xa9.0xfe.0xa9.0xfe/", "link-local")]
    [InlineData("http://10.1/", "private")]
    [InlineData("http://[fd00::1]/", "unique-local")]
    [InlineData("http://0.0.0.0/", "unspecified")]
    [InlineData("ftp://example.org/file", "scheme")]
    [InlineData("file:///etc/passwd", "scheme")]
    [InlineData("gopher://example.org/", "scheme")]
    [InlineData("http://example.org:22/", "port 22")]
    [InlineData("http://example.org:6379/", "port 6379")]
    [InlineData("http://user:secret@example.org/", "credentials")]
    [InlineData("http://１２７.0.0.1/", "loopback")]             // full-width digits
    [InlineData("http://127。0。0。1/", "loopback")]             // ideographic full stops
    [InlineData("http://１６９．２５４．１６９．２５４/", "link-local")]
    [InlineData("http://０ｘ７ｆ.１/", "loopback")]               // full-width hex short form
    [InlineData("http://①⓪.0.0.1/", "private")]                // circled digits: 10.0.0.1
    public void Hostile_urls_are_refused_before_any_connection(string url, string reason)
    {
        var verdict = Guard().Check(new Uri(url));

        Assert.NotNull(verdict);
        Assert.Contains(reason, verdict, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://example.org/")]
    [InlineData("https://example.org/news?id=1")]
    [InlineData("http://93.184.216.34/")]
    [InlineData("https://example.org:8443/")]
    public void Ordinary_urls_pass_the_pre_connect_check(string url)
    {
        Assert.Null(Guard(ports: 8443).Check(new Uri(url)));
    }

    [Theory]
    [InlineData("xn--8g7ccp.0.0.1", "127.0.0.1")] // how .NET punycode-encodes "１２７.0.0.1" under invariant globalization
    [InlineData("１２７.0.0.1", "127.0.0.1")]
    [InlineData("127.0.0.1", "127.0.0.1")]
    public void A_name_that_folds_to_an_address_is_that_address_not_a_name_to_resolve(string host, string address)
    {
        Assert.Equal(IPAddress.Parse(address), HostFolding.FoldsToAddress(host));
    }

    [Theory]
    [InlineData("http://bücher.example/", "xn--bcher-kva.example")]
    [InlineData("http://ＥＸＡＭＰＬＥ.org/", "example.org")]
    public void Names_fold_like_idna_and_genuine_international_names_stay(string url, string idnHost)
    {
        Assert.Equal(idnHost, HostFolding.Canonical(new Uri(url)).IdnHost);
        Assert.Null(HostFolding.FoldsToAddress(new Uri(url).IdnHost));
    }
}
