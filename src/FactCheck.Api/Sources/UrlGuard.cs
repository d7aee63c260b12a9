using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace FactCheck.Api.Sources;

/// <summary>Resolves host names; replaced in tests to point names at loopback without DNS.</summary>
public interface IHostResolver
{
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct);
}

public sealed class DnsHostResolver : IHostResolver
{
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct) => Dns.GetHostAddressesAsync(host, ct);
}

/// <summary>A connection the SSRF guard refused to open.</summary>
public sealed class BlockedAddressException(string reason) : Exception(reason)
{
    /// <summary>The guard's refusal inside <paramref name="e"/> (HttpClient wraps it), if there is one.</summary>
    public static BlockedAddressException? FindIn(Exception? e)
    {
        for (; e is not null; e = e.InnerException) if (e is BlockedAddressException blocked) return blocked;
        return null;
    }
}

/// <summary>
/// The SSRF guard. Before a request: http(s) only, no credentials, allowed ports, and an IP literal host
/// (in any spelling: .NET's URI parser turns "2130706433", "0x7f.1" and "0177.0.0.1" into 127.0.0.1)
/// checked against <see cref="AddressPolicy"/>. At connect time, in <see cref="ConnectAsync"/>: every
/// address the name resolves to is checked, and the socket connects only to a checked address, so a DNS
/// answer that changes between check and use (rebinding) cannot slip past.
/// </summary>
public sealed class UrlGuard(IOptions<FetchingOptions> options, IHostResolver resolver)
{
    public string? Check(Uri uri)
    {
        // Full-width digits, ideographic dots, circled letters: checked as the ASCII host they fold to.
        var canonical = HostFolding.Canonical(uri);
        if (!ReferenceEquals(canonical, uri)) return Check(canonical);
        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) return $"scheme '{uri.Scheme}' is not fetched (http and https only)";
        if (!string.IsNullOrEmpty(uri.UserInfo)) return "URLs with credentials are not fetched";
        var port = uri.Port;
        if (port is not (80 or 443) && !options.Value.AllowedPorts.Contains(port)) return $"port {port} is not allowed (80, 443 and configured ports only)";
        if (uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 && IPAddress.TryParse(uri.IdnHost.Trim('[', ']'), out var literal))
            return AddressPolicy.Check(literal, options.Value.AllowLoopback);
        if (uri.HostNameType is not UriHostNameType.Dns) return "the host is not a name or an IP address";
        return null;
    }

    /// <summary>The URL as it may be shown or logged: any user name and password (a redirect can carry them) removed.</summary>
    public static string Redacted(Uri uri) =>
        string.IsNullOrEmpty(uri.UserInfo) ? uri.AbsoluteUri : new UriBuilder(uri) { UserName = "", Password = "" }.Uri.AbsoluteUri;

    /// <summary>
    /// The addresses <paramref name="host"/> stands for, each checked; throws <see cref="BlockedAddressException"/> when
    /// one is blocked or there is none. A name that folds to an IP literal is that literal: never sent to a resolver.
    /// </summary>
    public async Task<IPAddress[]> ResolveCheckedAsync(string host, CancellationToken ct)
    {
        var literal = IPAddress.TryParse(host.Trim('[', ']'), out var parsed) ? parsed : HostFolding.FoldsToAddress(host);
        // A resolver failure (SocketException) is left to the caller: for a fetch it is transient.
        var addresses = literal is not null ? [literal] : await resolver.ResolveAsync(host, ct);
        if (addresses.Length == 0) throw new BlockedAddressException($"'{host}' does not resolve");
        foreach (var address in addresses)
        {
            // One bad answer blocks the host: a mixed answer is how rebinding attacks hedge.
            if (AddressPolicy.Check(address, options.Value.AllowLoopback) is { } reason)
                throw new BlockedAddressException($"'{host}' resolves to a blocked {reason}");
        }
        return addresses;
    }

    /// <summary>The SocketsHttpHandler.ConnectCallback: resolve, check every address, connect to a checked one.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var endPoint = context.DnsEndPoint;
        var addresses = await ResolveCheckedAsync(endPoint.Host, ct);

        Exception? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endPoint.Port), ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
        }
        throw last ?? new SocketException((int)SocketError.HostUnreachable);
    }
}
