using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;

namespace FactCheck.Analysis.Documents;

/// <summary>
/// A look at a PDF's bytes before a parser reads it, so that a hostile file ends as a clear failure instead of taking
/// the process with it: the PDF parser recurses into nested arrays and dictionaries (a file nested a million levels
/// deep would overflow the stack, which no handler can catch) and inflates compressed streams without a limit (a few
/// kilobytes of Flate data can expand to gigabytes). The scan walks the file's syntax (comments, literal and hex
/// strings, arrays, dictionaries, streams) counting nesting, inflates every Flate stream with a cap per stream and in
/// all, and walks the inflated syntax of object streams and content streams too (not images, fonts or cross-reference
/// streams, whose bytes are binary). Filters it cannot bound (LZW, run-length) are refused.
/// </summary>
public static partial class PdfSafetyScan
{
    /// <summary>Throws <see cref="PdfExtractionException"/> with the reason when the file breaks a limit.</summary>
    public static void Check(ReadOnlySpan<byte> pdf, PdfLimits limits)
    {
        var header = pdf[..Math.Min(pdf.Length, 1024)];
        if (header.IndexOf("%PDF-"u8) < 0) throw new PdfExtractionException("not a PDF (no %PDF- header)");
        long inflatedTotal = 0;
        Walk(pdf, limits, topLevel: true, ref inflatedTotal);
    }

    static void Walk(ReadOnlySpan<byte> data, PdfLimits limits, bool topLevel, ref long inflatedTotal)
    {
        var depth = 0;
        int dictStart = -1, lastDictStart = -1, lastDictEnd = -1;
        var i = 0;
        while (i < data.Length)
        {
            var b = data[i];
            switch (b)
            {
                case (byte)'%':
                    while (i < data.Length && data[i] is not ((byte)'\n' or (byte)'\r')) i++;
                    continue;
                case (byte)'(':
                    i = SkipLiteralString(data, i);
                    continue;
                case (byte)'<' when i + 1 < data.Length && data[i + 1] == '<':
                    if (depth == 0) dictStart = i;
                    depth++;
                    i += 2;
                    break;
                case (byte)'<':
                    var close = data[i..].IndexOf((byte)'>');
                    i = close < 0 ? data.Length : i + close + 1;
                    continue;
                case (byte)'>' when i + 1 < data.Length && data[i + 1] == '>':
                    if (depth > 0) depth--;
                    if (depth == 0 && dictStart >= 0) (lastDictStart, lastDictEnd, dictStart) = (dictStart, i + 2, -1);
                    i += 2;
                    continue;
                case (byte)'[':
                    depth++;
                    i++;
                    break;
                case (byte)']':
                    if (depth > 0) depth--;
                    i++;
                    continue;
                default:
                    if (IsRegular(b))
                    {
                        var start = i;
                        while (i < data.Length && IsRegular(data[i])) i++;
                        if (topLevel && data[start..i].SequenceEqual("stream"u8))
                        {
                            var dictionary = lastDictStart >= 0 ? Encoding.Latin1.GetString(data[lastDictStart..lastDictEnd]) : "";
                            i = Stream(data, i, dictionary, limits, ref inflatedTotal);
                        }
                        continue;
                    }
                    i++;
                    continue;
            }
            if (depth > limits.MaxNesting)
                throw new PdfExtractionException($"nested more than {limits.MaxNesting} levels deep (a malformed or hostile PDF)");
        }
    }

    /// <summary>A stream's data, from the end of its keyword to <c>endstream</c>; returns where scanning goes on.</summary>
    static int Stream(ReadOnlySpan<byte> data, int afterKeyword, string dictionary, PdfLimits limits, ref long inflatedTotal)
    {
        var start = afterKeyword;
        if (start < data.Length && data[start] == '\r') start++;
        if (start < data.Length && data[start] == '\n') start++;
        var length = data[start..].IndexOf("endstream"u8);
        var end = length < 0 ? data.Length : start + length;
        var filters = Filters(dictionary);
        if (filters.Any(f => f is "LZWDecode" or "LZW" or "RunLengthDecode" or "RL"))
            throw new PdfExtractionException("uses LZW or run-length compression, which is not read (its expanded size cannot be bounded)");
        if (filters.Count > 0 && filters[0] is "FlateDecode" or "Fl")
        {
            var inflated = Inflate(data[start..end], limits, ref inflatedTotal);
            // Object streams and content streams are PDF syntax: nesting hidden in them counts too.
            if (inflated is not null && IsSyntax(dictionary)) Walk(inflated, limits, topLevel: false, ref inflatedTotal);
        }
        return length < 0 ? data.Length : end + "endstream".Length;
    }

    static byte[]? Inflate(ReadOnlySpan<byte> compressed, PdfLimits limits, ref long inflatedTotal)
    {
        using var input = new MemoryStream(compressed.ToArray());
        using var zlib = new ZLibStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        var buffer = new byte[81920];
        try
        {
            int read;
            while ((read = zlib.Read(buffer)) > 0)
            {
                output.Write(buffer, 0, read);
                inflatedTotal += read;
                if (output.Length > limits.MaxInflatedStreamBytes)
                    throw new PdfExtractionException($"a compressed stream expands to more than {limits.MaxInflatedStreamBytes / (1024 * 1024)} MB (a decompression bomb?)");
                if (inflatedTotal > limits.MaxInflatedTotalBytes)
                    throw new PdfExtractionException($"its compressed streams expand to more than {limits.MaxInflatedTotalBytes / (1024 * 1024)} MB in all");
            }
        }
        catch (InvalidDataException)
        {
            // A damaged stream: the parser skips or reports it; there is nothing large to guard against.
            return null;
        }
        return output.ToArray();
    }

    /// <summary>True for streams whose content is PDF syntax: object streams and page content (no subtype, not a font, image or cross-reference table).</summary>
    static bool IsSyntax(string dictionary) =>
        dictionary.Contains("/ObjStm", StringComparison.Ordinal)
        || !(dictionary.Contains("/Subtype", StringComparison.Ordinal) || dictionary.Contains("/Length1", StringComparison.Ordinal)
             || dictionary.Contains("/XRef", StringComparison.Ordinal) || dictionary.Contains("/Metadata", StringComparison.Ordinal)
             || dictionary.Contains("/DecodeParms", StringComparison.Ordinal) || dictionary.Contains("/N ", StringComparison.Ordinal));

    static List<string> Filters(string dictionary)
    {
        var match = FilterEntry().Match(dictionary);
        if (!match.Success) return [];
        return [.. FilterName().Matches(match.Groups[1].Value).Select(m => m.Groups[1].Value)];
    }

    static int SkipLiteralString(ReadOnlySpan<byte> data, int i)
    {
        var parens = 0;
        for (; i < data.Length; i++)
        {
            var c = data[i];
            if (c == '\\') { i++; continue; }
            if (c == '(') parens++;
            else if (c == ')' && --parens == 0) return i + 1;
        }
        return data.Length;
    }

    static bool IsRegular(byte b) => b > 32 && b < 127 && "()<>[]{}/%"u8.IndexOf(b) < 0;

    [GeneratedRegex(@"/Filter\s*(\[[^\]]*\]|/[A-Za-z0-9]+)")]
    private static partial Regex FilterEntry();

    [GeneratedRegex(@"/([A-Za-z0-9]+)")]
    private static partial Regex FilterName();
}

/// <summary>Limits on a PDF the service reads: pages, expansion of compressed streams, nesting, text and time.</summary>
public sealed record PdfLimits
{
    public int MaxPages { get; init; } = 500;
    public long MaxInflatedStreamBytes { get; init; } = 64L * 1024 * 1024;
    public long MaxInflatedTotalBytes { get; init; } = 256L * 1024 * 1024;
    public int MaxNesting { get; init; } = 100;
    /// <summary>Text beyond this many characters is not kept (the pages read so far are).</summary>
    public int MaxTextCharacters { get; init; } = 2_000_000;
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);
}

/// <summary>A PDF that cannot or may not be read; the message says why, for the source's failure reason.</summary>
public sealed class PdfExtractionException(string reason) : Exception(reason);
