using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using FactCheck.Analysis.Text;

namespace FactCheck.Analysis.Html;

/// <summary>A link inside the article's text: where its anchor text stands and where it points.</summary>
public sealed record InlineLink(string Url, string AnchorText, TextSpan Span);

/// <summary>An entry of the article's trailing "Sources" list.</summary>
public sealed record ListedSource(string Label, string Url);

/// <summary>The main text of an HTML article, its inline links and its listed sources.</summary>
public sealed record HtmlArticle(string? Title, string Text, IReadOnlyList<InlineLink> Links, IReadOnlyList<ListedSource> Sources);

/// <summary>
/// Extracts an article from HTML: the main content (SmartReader's port of Mozilla Readability, with the
/// page body as the fallback), rendered as plain text with paragraph breaks so sentence offsets hold; the
/// links inside that text with their exact spans; and a trailing "Sources" / "Related Sources" list of
/// links, taken out of the text and returned as sources labelled by their anchor texts.
/// </summary>
public static partial class HtmlArticleExtractor
{
    static readonly HashSet<string> Skipped = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "button", "svg", "iframe", "select", "figure",
    };

    static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "blockquote", "pre",
        "table", "tr", "dl", "dt", "dd", "figcaption", "hr",
    };

    public static HtmlArticle Extract(string html, string? baseUrl = null)
    {
        var parser = new HtmlParser();
        using var document = parser.ParseDocument(html);
        var sources = TakeSourceList(document, baseUrl);
        var pageTitle = document.QuerySelector("h1")?.TextContent.Trim() is { Length: > 0 } h1 ? h1 : document.Title?.Trim();

        var content = MainContent(document.DocumentElement.OuterHtml, baseUrl, parser, out var readerTitle);
        var root = content?.Body ?? document.Body;
        var builder = new TextBuilder(baseUrl);
        if (root is not null) builder.Walk(root);
        content?.Dispose();

        var (text, links) = builder.Finish();
        // Readability drops the headline from the content; keep the page's own <h1> out of the body too.
        return new HtmlArticle(readerTitle ?? pageTitle, text, links, sources);
    }

    static IHtmlDocumentLike? MainContent(string html, string? baseUrl, HtmlParser parser, out string? title)
    {
        title = null;
        try
        {
            var article = new SmartReader.Reader(baseUrl ?? "https://article.invalid/", html).GetArticle();
            if (article.IsReadable && !string.IsNullOrWhiteSpace(article.Content) && article.TextContent.Trim().Length > 200)
            {
                title = string.IsNullOrWhiteSpace(article.Title) ? null : article.Title.Trim();
                return new IHtmlDocumentLike(parser.ParseDocument(article.Content));
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Readability gives up on some pages; the whole body is the fallback.
        }
        return null;
    }

    /// <summary>Holds a parsed content document so it can be disposed after the walk.</summary>
    sealed class IHtmlDocumentLike(AngleSharp.Html.Dom.IHtmlDocument document) : IDisposable
    {
        public IElement? Body => document.Body;
        public void Dispose() => document.Dispose();
    }

    /// <summary>
    /// Finds the last element announcing a list of sources, collects the links in it and in the elements
    /// that follow it, and removes them from the document so they are not part of the text.
    /// </summary>
    static List<ListedSource> TakeSourceList(AngleSharp.Html.Dom.IHtmlDocument document, string? baseUrl)
    {
        var heading = document.Body?.Descendants<IElement>()
            .Where(e => e.LocalName is "h1" or "h2" or "h3" or "h4" or "h5" or "h6" or "p" or "strong" or "b" or "div" or "span" or "dt")
            .LastOrDefault(e => SourcesHeading().IsMatch(OwnText(e)));
        if (heading is null) return [];

        var block = heading.LocalName is "strong" or "b" or "span" ? heading.ParentElement ?? heading : heading;
        var scope = new List<IElement> { block };
        for (var next = block.NextElementSibling; next is not null; next = next.NextElementSibling) scope.Add(next);

        var sources = new List<ListedSource>();
        foreach (var anchor in scope.SelectMany(e => e.LocalName == "a" ? (IEnumerable<IElement>)[e] : e.QuerySelectorAll("a[href]")))
        {
            if (Resolve(anchor.GetAttribute("href"), baseUrl) is not { } url) continue;
            var label = Collapse(anchor.TextContent);
            if (label.Length == 0 || label.Length > 100) label = $"Source {sources.Count + 1}";
            if (sources.Exists(s => s.Url == url)) continue;
            sources.Add(new ListedSource(label, url));
        }
        if (sources.Count == 0) return [];
        foreach (var element in scope) element.Remove();
        return sources;
    }

    static string OwnText(IElement element)
    {
        var text = Collapse(element.TextContent);
        return text.Length > 60 ? text[..60] : text;
    }

    internal static string? Resolve(string? href, string? baseUrl)
    {
        if (string.IsNullOrWhiteSpace(href)) return null;
        href = href.Trim();
        if (href.StartsWith('#')) return null;
        Uri? uri;
        if (!Uri.TryCreate(href, UriKind.Absolute, out uri))
        {
            if (baseUrl is null || !Uri.TryCreate(baseUrl, UriKind.Absolute, out var b) || !Uri.TryCreate(b, href, out uri)) return null;
        }
        return uri.Scheme is "http" or "https" ? uri.AbsoluteUri : null;
    }

    static string Collapse(string text) => Whitespace().Replace(text, " ").Trim();

    sealed class TextBuilder(string? baseUrl)
    {
        readonly StringBuilder text = new();
        readonly List<InlineLink> links = [];
        bool pendingSpace;
        int pendingBreak;

        public void Walk(INode node)
        {
            switch (node)
            {
                case IText t:
                    Append(t.Data);
                    return;
                case IElement e when Skipped.Contains(e.LocalName):
                    return;
                case IElement { LocalName: "br" }:
                    Break(1);
                    return;
                case IElement e:
                {
                    var block = Blocks.Contains(e.LocalName);
                    if (block) Break(2);
                    var start = -1;
                    if (e.LocalName == "a") { FlushSeparators(); start = text.Length; }
                    foreach (var child in e.ChildNodes) Walk(child);
                    if (start >= 0 && Resolve(e.GetAttribute("href"), baseUrl) is { } url)
                    {
                        var end = text.Length;
                        while (end > start && char.IsWhiteSpace(text[end - 1])) end--;
                        if (end > start) links.Add(new InlineLink(url, text.ToString(start, end - start), new TextSpan(start, end)));
                    }
                    if (block) Break(2);
                    return;
                }
                default:
                    foreach (var child in node.ChildNodes) Walk(child);
                    return;
            }
        }

        void Append(string data)
        {
            foreach (var c in data)
            {
                if (char.IsWhiteSpace(c)) { pendingSpace = true; continue; }
                FlushSeparators();
                text.Append(c);
            }
        }

        void FlushSeparators()
        {
            if (text.Length == 0) { pendingBreak = 0; pendingSpace = false; return; }
            if (pendingBreak > 0) text.Append('\n', pendingBreak);
            else if (pendingSpace) text.Append(' ');
            pendingBreak = 0;
            pendingSpace = false;
        }

        void Break(int newlines) => pendingBreak = Math.Max(pendingBreak, newlines);

        public (string Text, List<InlineLink> Links) Finish() => (text.ToString(), links);
    }

    [GeneratedRegex(@"^(?:related\s+|other\s+|further\s+)?(?:sources|references)\s*:?(?:\s|$)", RegexOptions.IgnoreCase)]
    private static partial Regex SourcesHeading();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
