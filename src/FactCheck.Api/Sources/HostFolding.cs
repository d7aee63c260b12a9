using System.Globalization;
using System.Net;
using System.Text;

namespace FactCheck.Api.Sources;

/// <summary>
/// Host names folded as IDNA's UTS #46 mapping folds them before any check: "１２７.0.0.1" (full-width digits),
/// "127。0。0。1" (ideographic full stops) and "ⓛⓞⓒⓐⓛⓗⓞⓢⓣ" are 127.0.0.1 and localhost to a browser and to many
/// resolvers, so they must be to the SSRF guard. The service runs with invariant globalization, where .NET's
/// IdnMapping only punycode-encodes (to "xn--8g7ccp.0.0.1", which went to DNS); the table of characters that fold to
/// host ASCII is written by <c>tools/unicode/host_folding.py</c> from Unicode's NFKC case folding.
/// </summary>
public static class HostFolding
{
    static readonly Lazy<Dictionary<int, string>> Table = new(Load);

    /// <summary>The host with every foldable character folded and ASCII lower-cased; other characters are kept.</summary>
    public static string Fold(string host)
    {
        if (host.All(char.IsAscii)) return host.ToLowerInvariant();
        var table = Table.Value;
        var builder = new StringBuilder(host.Length);
        foreach (var rune in host.EnumerateRunes())
            builder.Append(table.TryGetValue(rune.Value, out var folded) ? folded : rune.IsAscii ? char.ToLowerInvariant((char)rune.Value).ToString() : rune.ToString());
        return builder.ToString();
    }

    /// <summary>
    /// The URL with its host folded, when folding changes it into plain ASCII (an IP literal or a name); else the URL
    /// as it is (a genuine international name stays one).
    /// </summary>
    public static Uri Canonical(Uri uri)
    {
        var host = uri.Host;
        if (host.All(char.IsAscii) && !host.Contains("xn--", StringComparison.OrdinalIgnoreCase)) return uri;
        var folded = Fold(Decode(host));
        if (!folded.All(char.IsAscii) || folded == host) return uri;
        return new UriBuilder(uri) { Host = folded }.Uri;
    }

    /// <summary>The IP address a (possibly punycode-encoded) host name folds to, if it is one.</summary>
    public static IPAddress? FoldsToAddress(string host)
    {
        var folded = Fold(Decode(host)).Trim('[', ']').TrimEnd('.');
        if (!folded.All(char.IsAscii) || folded.Length == 0) return null;
        // Parse as a URI host does, so "0x7f.1" and "2130706433" count too.
        return Uri.TryCreate($"http://{folded}/", UriKind.Absolute, out var uri) && uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6
            && IPAddress.TryParse(uri.IdnHost.Trim('[', ']'), out var address) ? address : null;
    }

    static string Decode(string host)
    {
        if (!host.Contains("xn--", StringComparison.OrdinalIgnoreCase)) return host;
        try
        {
            return new IdnMapping().GetUnicode(host);
        }
        catch (ArgumentException)
        {
            return host;
        }
    }

    static Dictionary<int, string> Load()
    {
        using var stream = typeof(HostFolding).Assembly.GetManifestResourceStream("FactCheck.Api.Sources.host-folding.tsv")
            ?? throw new InvalidOperationException("host-folding.tsv is not embedded.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var map = new Dictionary<int, string>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#') continue;
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            map[int.Parse(line.AsSpan(0, tab), NumberStyles.HexNumber, CultureInfo.InvariantCulture)] = line[(tab + 1)..];
        }
        return map;
    }
}
