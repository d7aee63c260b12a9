using System.Text;
using System.Text.RegularExpressions;
using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;
using UglyToad.PdfPig.Exceptions;

namespace FactCheck.Analysis.Documents;

/// <summary>A PDF's text: pages in order, separated by a blank line, and where each page starts in <see cref="Text"/>.</summary>
/// <param name="PageStarts">Offset of page n+1's text in <see cref="Text"/> (UTF-16 code units); one entry per page read.</param>
/// <param name="Truncated">True when the text limit stopped the reading before the last page.</param>
public sealed record PdfText(string Text, string? Title, IReadOnlyList<int> PageStarts, int PageCount, bool Truncated)
{
    /// <summary>The 1-based page an offset of <see cref="Text"/> falls on.</summary>
    public static int PageAt(IReadOnlyList<int> pageStarts, int offset)
    {
        var page = 1;
        for (var i = 1; i < pageStarts.Count && pageStarts[i] <= offset; i++) page = i + 1;
        return page;
    }
}

/// <summary>
/// Text from a PDF's text layer with PdfPig (Apache-2.0), in reading order, page by page, so evidence can say "p. 14".
/// A file is first checked by <see cref="PdfSafetyScan"/>; the parser then runs on its own thread with a large stack
/// and a deadline, and anything it throws becomes a <see cref="PdfExtractionException"/> with a reason a reader can
/// act on: a file with no text layer (a scan), a password, too many pages, a damaged file.
/// </summary>
public static partial class PdfTextExtractor
{
    const int StackBytes = 64 * 1024 * 1024;

    public static async Task<PdfText> ExtractAsync(byte[] pdf, PdfLimits limits, CancellationToken ct)
    {
        PdfSafetyScan.Check(pdf, limits);
        var done = new TaskCompletionSource<PdfText>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var thread = new Thread(() =>
        {
            // Nothing may escape this thread: an unhandled exception on it would end the process.
            try { done.TrySetResult(Read(pdf, limits, stop.Token)); }
            catch (PdfExtractionException e) { done.TrySetException(e); }
            catch (OperationCanceledException) { done.TrySetCanceled(); }
            catch (PdfDocumentEncryptedException) { done.TrySetException(new PdfExtractionException("the PDF is encrypted and needs a password")); }
            catch (OutOfMemoryException) { done.TrySetException(new PdfExtractionException("the PDF needs more memory to read than is allowed")); }
            catch (Exception e) { done.TrySetException(new PdfExtractionException($"the PDF could not be read: {Short(e.Message)}")); }
        }, StackBytes) { IsBackground = true, Name = "pdf-text" };
        thread.Start();
        try
        {
            return await done.Task.WaitAsync(limits.Timeout, ct);
        }
        catch (TimeoutException)
        {
            await stop.CancelAsync(); // the thread stops at the next page
            throw new PdfExtractionException($"reading the PDF took longer than {limits.Timeout.TotalSeconds:0} s");
        }
    }

    static PdfText Read(byte[] pdf, PdfLimits limits, CancellationToken ct)
    {
        using var document = PdfDocument.Open(pdf, new ParsingOptions { UseLenientParsing = true, SkipMissingFonts = true });
        var pages = document.NumberOfPages;
        if (pages > limits.MaxPages) throw new PdfExtractionException($"too many pages: {pages:N0} (limit {limits.MaxPages:N0})");
        var text = new StringBuilder();
        var starts = new List<int>(pages);
        var truncated = false;
        for (var n = 1; n <= pages; n++)
        {
            ct.ThrowIfCancellationRequested();
            if (text.Length > 0) text.Append("\n\n");
            starts.Add(text.Length);
            var page = Clean(ContentOrderTextExtractor.GetText(document.GetPage(n), true));
            if (text.Length + page.Length > limits.MaxTextCharacters)
            {
                truncated = true;
                starts.RemoveAt(starts.Count - 1);
                break;
            }
            text.Append(page);
        }
        var all = text.ToString().TrimEnd();
        if (all.Count(char.IsLetter) < 20)
            throw new PdfExtractionException(pages == 0 ? "the PDF has no pages" : "the PDF has no text layer (a scanned document?): run it through OCR and paste the text as the source");
        var title = document.Information.Title is { } t && !string.IsNullOrWhiteSpace(t) ? WhiteSpace().Replace(t, " ").Trim() : null;
        return new PdfText(all, title, starts, pages, truncated);
    }

    /// <summary>
    /// A page's text as paragraphs: the lines of a paragraph joined by a space (a word broken by a hyphen at a line end
    /// joined whole when lower case goes on, "well-\nKnown" kept hyphenated), paragraphs separated by a blank line, no blank line inside a page's first or last position.
    /// </summary>
    internal static string Clean(string page)
    {
        page = page.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Replace("\0", "", StringComparison.Ordinal);
        var paragraphs = ParagraphBreak().Split(page)
            .Select(p => KeptHyphenBreak().Replace(HyphenBreak().Replace(p, "$1$2"), "-"))
            .Select(p => WhiteSpace().Replace(p, " ").Trim())
            .Where(p => p.Length > 0);
        return string.Join("\n\n", paragraphs);
    }

    static string Short(string message) => message.Length > 200 ? message[..200] + "…" : message;

    [GeneratedRegex(@"\n[ \t]*\n\s*")]
    private static partial Regex ParagraphBreak();

    [GeneratedRegex(@"(\p{Ll})-\n[ \t]*(\p{Ll})")]
    private static partial Regex HyphenBreak();

    [GeneratedRegex(@"(?<=\S)-\n[ \t]*(?=\S)")]
    private static partial Regex KeptHyphenBreak();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();
}
