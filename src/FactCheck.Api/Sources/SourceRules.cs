namespace FactCheck.Api.Sources;

/// <summary>What a source may be: every endpoint that takes one (an article's, a citation's, a supplied page) checks these.</summary>
public static class SourceRules
{
    public const int MaxUrlLength = 2048;

    /// <summary>Pasted text, and an article's body, at most.</summary>
    public const int MaxContentLength = 200_000;

    public static bool BeHttpUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) &&
        (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && uri.Host.Length > 0;
}
