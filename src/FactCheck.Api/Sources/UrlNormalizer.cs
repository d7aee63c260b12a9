using System.Text;

namespace FactCheck.Api.Sources;

/// <summary>
/// The identity of a cited page: two URLs that fetch the same page normalise to the same string, so
/// every article citing it shares one document and one fetch.
/// </summary>
public static class UrlNormalizer
{
    static readonly string[] TrackingPrefixes = ["utm_", "mc_", "pk_", "mtm_"];

    static readonly HashSet<string> TrackingParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        "fbclid", "gclid", "dclid", "gclsrc", "msclkid", "yclid", "igshid", "twclid", "ttclid", "li_fat_id",
        "_ga", "_gl", "mkt_tok", "oly_anon_id", "oly_enc_id", "vero_id", "wickedid", "ref_src", "s_cid", "cmpid",
    };

    /// <summary>
    /// Lower-case scheme and host, default port and fragment dropped, tracking parameters removed and the
    /// rest sorted; null when <paramref name="url"/> is not an absolute http(s) URL.
    /// </summary>
    public static string? Normalize(string url)
    {
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri)) return null;
        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) return null;
        uri = HostFolding.Canonical(uri);

        var builder = new StringBuilder(url.Length);
        builder.Append(uri.Scheme).Append("://").Append(uri.IdnHost.ToLowerInvariant().TrimEnd('.'));
        if (!uri.IsDefaultPort) builder.Append(':').Append(uri.Port);
        builder.Append(string.IsNullOrEmpty(uri.AbsolutePath) ? "/" : uri.AbsolutePath);

        var query = uri.Query.TrimStart('?');
        if (query.Length > 0)
        {
            var kept = query.Split('&', StringSplitOptions.RemoveEmptyEntries)
                .Where(p => !IsTracking(p.Split('=', 2)[0]))
                .OrderBy(p => p.Split('=', 2)[0], StringComparer.Ordinal)
                .ThenBy(p => p, StringComparer.Ordinal)
                .ToList();
            if (kept.Count > 0) builder.Append('?').AppendJoin('&', kept);
        }
        return builder.ToString();
    }

    static bool IsTracking(string name)
    {
        var decoded = Uri.UnescapeDataString(name);
        return TrackingParameters.Contains(decoded) ||
               TrackingPrefixes.Any(p => decoded.StartsWith(p, StringComparison.OrdinalIgnoreCase));
    }
}
