using System.Text;
using System.Text.RegularExpressions;
using FactCheck.Analysis.Documents;
using FactCheck.Analysis.Html;
using Microsoft.Extensions.Options;

namespace FactCheck.Api.Sources.Extraction;

/// <summary>A fetched body as a document: its text, its title, and where each page starts when it has pages (PDF).</summary>
public sealed record ExtractedSource(string Text, string? Title, IReadOnlyList<int>? PageStarts = null);

/// <summary>A body that cannot be made a document; the message is the source's failure reason.</summary>
public sealed class SourceExtractionException(string reason) : Exception(reason);

/// <summary>Turns a fetched body of the media types it names into a document's text. Chosen by <see cref="SourceExtractors"/>.</summary>
public interface ISourceExtractor
{
    IReadOnlyList<string> MediaTypes { get; }

    /// <summary>The largest body read for this kind (bytes); a larger one fails as too large before it is read.</summary>
    long MaxBytes(FetchingOptions options);

    /// <summary>Throws <see cref="SourceExtractionException"/> with the reason when the body cannot be read.</summary>
    Task<ExtractedSource> ExtractAsync(byte[] body, string? charset, string url, CancellationToken ct);
}

/// <summary>The extractor for a response's media type; a body sent as <c>application/octet-stream</c> (or with no type) is recognised by its first bytes.</summary>
public sealed class SourceExtractors(IEnumerable<ISourceExtractor> extractors)
{
    readonly Dictionary<string, ISourceExtractor> byType = extractors
        .SelectMany(e => e.MediaTypes.Select(t => (t, e))).ToDictionary(x => x.t, x => x.e, StringComparer.OrdinalIgnoreCase);

    /// <summary>Media types sent as <c>application/octet-stream</c>, whose kind is told from the body.</summary>
    public static bool IsUntyped(string mediaType) => mediaType is "application/octet-stream" or "binary/octet-stream";

    public ISourceExtractor? For(string mediaType) => byType.GetValueOrDefault(mediaType);

    /// <summary>For an untyped body: PDF by its header, else nothing.</summary>
    public (ISourceExtractor Extractor, string MediaType)? Sniff(ReadOnlySpan<byte> body) =>
        body[..Math.Min(body.Length, 1024)].IndexOf("%PDF-"u8) >= 0 && For("application/pdf") is { } pdf ? (pdf, "application/pdf") : null;

    /// <summary>The request's Accept header: every type an extractor reads (pages first), anything else least.</summary>
    public string Accept => "text/html,application/xhtml+xml,application/pdf;q=0.9,text/plain;q=0.9,*/*;q=0.1";

    /// <summary>The largest body any extractor reads (for an untyped response, before its kind is known).</summary>
    public long MaxBytes(FetchingOptions options) => byType.Values.Distinct().Max(e => e.MaxBytes(options));
}

/// <summary>HTML and XHTML: the main text and title (<see cref="HtmlArticleExtractor"/>), the charset from the headers or the page's meta tag.</summary>
public sealed class HtmlSourceExtractor : ISourceExtractor
{
    public IReadOnlyList<string> MediaTypes { get; } = ["text/html", "application/xhtml+xml"];

    public long MaxBytes(FetchingOptions options) => options.MaxResponseBytes;

    public Task<ExtractedSource> ExtractAsync(byte[] body, string? charset, string url, CancellationToken ct)
    {
        var article = HtmlArticleExtractor.Extract(TextDecoding.Decode(body, charset, sniffMeta: true), url);
        return Task.FromResult(new ExtractedSource(article.Text, article.Title));
    }
}

/// <summary>Plain text as sent, line ends made <c>\n</c>.</summary>
public sealed class PlainTextSourceExtractor : ISourceExtractor
{
    public IReadOnlyList<string> MediaTypes { get; } = ["text/plain"];

    public long MaxBytes(FetchingOptions options) => options.MaxResponseBytes;

    public Task<ExtractedSource> ExtractAsync(byte[] body, string? charset, string url, CancellationToken ct) =>
        Task.FromResult(new ExtractedSource(TextDecoding.Decode(body, charset, sniffMeta: false).Replace("\r\n", "\n", StringComparison.Ordinal), null));
}

/// <summary>PDF: the text layer page by page (<see cref="PdfTextExtractor"/>), with the limits of <see cref="FetchingOptions"/>.</summary>
public sealed class PdfSourceExtractor(IOptions<FetchingOptions> options, ILogger<PdfSourceExtractor> logger) : ISourceExtractor
{
    public IReadOnlyList<string> MediaTypes { get; } = ["application/pdf", "application/x-pdf"];

    public long MaxBytes(FetchingOptions o) => o.MaxPdfBytes;

    public async Task<ExtractedSource> ExtractAsync(byte[] body, string? charset, string url, CancellationToken ct)
    {
        var o = options.Value;
        try
        {
            var pdf = await PdfTextExtractor.ExtractAsync(body, new PdfLimits { MaxPages = o.MaxPdfPages, Timeout = o.PdfTimeout }, ct);
            if (pdf.Truncated) logger.LogInformation("PDF {Url}: text kept from {Kept} of {Pages} pages (text limit)", url, pdf.PageStarts.Count, pdf.PageCount);
            return new ExtractedSource(pdf.Text, pdf.Title, pdf.PageStarts);
        }
        catch (PdfExtractionException e)
        {
            throw new SourceExtractionException(e.Message);
        }
    }
}

/// <summary>Bytes to text: the charset named in the headers, else (HTML) in a meta tag of the first 2 KB, else UTF-8; NUL characters dropped.</summary>
public static partial class TextDecoding
{
    // Legacy code pages (windows-1252, Shift_JIS…) named by pages and headers.
    static TextDecoding() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static string Decode(byte[] bytes, string? headerCharset, bool sniffMeta)
    {
        var encoding = EncodingFor(headerCharset);
        if (encoding is null && sniffMeta)
        {
            var head = Encoding.ASCII.GetString(bytes, 0, Math.Min(bytes.Length, 2048));
            var meta = MetaCharset().Match(head);
            if (meta.Success) encoding = EncodingFor(meta.Groups[1].Value);
        }
        encoding ??= Encoding.UTF8;
        var text = encoding.GetString(bytes);
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        // A NUL character cannot be stored in PostgreSQL text, and carries nothing a reader sees.
        return text.Replace("\0", "", StringComparison.Ordinal);
    }

    static Encoding? EncodingFor(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return null;
        try { return Encoding.GetEncoding(name.Trim().Trim('"', '\'')); }
        catch (ArgumentException) { return null; }
    }

    [GeneratedRegex(@"<meta[^>]+charset\s*=\s*[""']?\s*([A-Za-z0-9_\-:.]+)", RegexOptions.IgnoreCase)]
    private static partial Regex MetaCharset();
}
