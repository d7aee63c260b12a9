using System.Text.RegularExpressions;

namespace FactCheck.Analysis.Claims;

/// <summary>A source named in an article's plain-text source list: its label, and its URL or description when the list gives one.</summary>
/// <param name="Label">"Source 2" for "2." or "[2]" or "Source 2"; else "Source N" by position.</param>
/// <param name="Url">An http(s) URL in the item, if any.</param>
/// <param name="Title">The item's words other than its number and URL ("Reuters, 19 June 2024"), if any.</param>
public sealed record TextListedSource(string Label, string? Url, string? Title);

/// <summary>What a plain-text source list gave: its sources, and a warning when a list was there but could not be read.</summary>
public sealed record TextSourceListResult(IReadOnlyList<TextListedSource> Sources, string? Warning);

/// <summary>
/// The trailing source list of a plain-text article, as the HTML path reads a "Sources" list of links: a heading
/// ("Sources:", "Related Sources:", "References:") and then items, one per line or separated by bullets, numbered
/// ("1.", "[1]", "(1)", "Source 1") or not. "[1]" in the text cites the item numbered 1.
/// </summary>
public static partial class TextSourceList
{
    /// <summary>Items at most; a longer list is not a source list.</summary>
    public const int MaxItems = 50;

    public static IReadOnlyList<TextListedSource> Find(string text) => Read(text).Sources;

    /// <summary>
    /// The list's sources, with a warning (for the article, so the submitter knows to add them as sources) when a
    /// heading that starts a source list is there but nothing could be read from it: no items, more than
    /// <see cref="MaxItems"/>, or an item too long to be one.
    /// </summary>
    public static TextSourceListResult Read(string text)
    {
        // The last heading that starts a line, in the last 4,000 characters: a list at the end, not a word in the text.
        var from = Math.Max(0, text.Length - 4_000);
        Match? heading = null;
        foreach (Match m in Heading().Matches(text, from)) heading = m;
        if (heading is null) return new([], null);
        var name = heading.Value.Trim().TrimEnd(':').Trim();
        TextSourceListResult Unread(string why) =>
            new([], $"The text has a '{name}' list at offset {heading.Index}, but no source could be read from it ({why}); add its sources to the request's 'sources'.");

        var rest = text[(heading.Index + heading.Length)..];
        var items = Separator().Split(rest).Select(i => i.Trim()).Where(i => i.Length > 0)
            // A numbered list typed on one line ("1. <url> 2. <url>"): each number starts an item.
            .SelectMany(i => Number().IsMatch(i) && InlineNumber().IsMatch(i) ? InlineNumber().Split(i) : [i])
            // URLs listed after the heading with commas or semicolons ("Sources: <url>, <url>").
            .SelectMany(i => Url().Matches(i).Count >= 2 ? UrlSeparator().Split(i) : [i])
            .Select(i => i.Trim()).Where(i => i.Length > 0).ToList();
        if (items.Count == 0) return Unread("nothing follows the heading");
        if (items.Count > MaxItems) return Unread($"{items.Count} lines, more than the {MaxItems} a source list may have");
        var sources = new List<TextListedSource>();
        foreach (var item in items)
        {
            if (item.Length > 1_000) return Unread("an item is longer than 1,000 characters");
            var number = Number().Match(item);
            var url = Url().Match(item);
            var label = number.Success ? $"Source {number.Groups["n"].Value}" : $"Source {sources.Count + 1}";
            var title = item;
            if (url.Success) title = title.Remove(url.Index, url.Length);
            if (number.Success && title.StartsWith(number.Value, StringComparison.Ordinal)) title = title[number.Length..];
            title = Trim().Replace(title, "").Trim();
            var resolved = url.Success ? url.Value.TrimEnd('.', ',', ';', ')', ']') : null;
            if (sources.Exists(s => string.Equals(s.Label, label, StringComparison.OrdinalIgnoreCase))) continue;
            sources.Add(new TextListedSource(label, resolved, title.Length is > 0 and <= 500 ? title : null));
        }
        return new(sources, null);
    }

    [GeneratedRegex(@"(?m)^[ \t]*(?:related[ \t]+|cited[ \t]+)?(?:sources|references)[ \t]*:?[ \t]*(?=$|\s*(?:•|\u2022|-|\*|\[?\(?\d{1,2}[.)\]]|source[ \t]+\d|https?://))", RegexOptions.IgnoreCase)]
    private static partial Regex Heading();

    // Items: lines, or bullets on one line ("• Source 1 • Source 2").
    [GeneratedRegex(@"\r?\n|[ \t]*[•\u2022\u25CF\u25AA][ \t]*|(?m)^[ \t]*[-*][ \t]+")]
    private static partial Regex Separator();

    [GeneratedRegex(@"^(?:source[ \t]+(?<n>\d{1,2})\b[:.)]?|\[(?<n>\d{1,2})\]|\((?<n>\d{1,2})\)|(?<n>\d{1,2})[.)](?=\s|$))", RegexOptions.IgnoreCase)]
    private static partial Regex Number();

    // Where an item's number starts inside a line: "1. <url> 2. <url>", "[1] … [2] …" (after a space, before the number).
    [GeneratedRegex(@"(?<=\S)\s+(?=(?:\[\d{1,2}\]|\(\d{1,2}\)|\d{1,2}[.)])\s)")]
    private static partial Regex InlineNumber();

    // Between URLs listed on one line: a comma, semicolon or "and" before the next URL.
    [GeneratedRegex(@"\s*(?:[,;]|\band\b)\s*(?=https?://)", RegexOptions.IgnoreCase)]
    private static partial Regex UrlSeparator();

    [GeneratedRegex(@"https?://[^\s<>""]+", RegexOptions.IgnoreCase)]
    private static partial Regex Url();

    [GeneratedRegex(@"^[\s:;,.\-–—]+|[\s:;,\-–—]+$")]
    private static partial Regex Trim();
}
