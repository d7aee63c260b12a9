namespace FactCheck.Analysis.Text;

/// <summary>
/// Cuts a document into passages for evidence search: paragraphs, and long paragraphs into runs of
/// whole sentences of at most <c>maxLength</c> characters. Spans index the original text.
/// </summary>
public static class PassageSplitter
{
    public static List<TextSpan> Split(string text, int maxLength = 700)
    {
        var passages = new List<TextSpan>();
        var start = 0;
        while (start < text.Length)
        {
            var end = text.IndexOf("\n\n", start, StringComparison.Ordinal);
            if (end < 0) end = text.Length;
            AddParagraph(text, start, end, maxLength, passages);
            start = end + 2;
        }
        return passages;
    }

    static void AddParagraph(string text, int start, int end, int maxLength, List<TextSpan> passages)
    {
        while (start < end && char.IsWhiteSpace(text[start])) start++;
        while (end > start && char.IsWhiteSpace(text[end - 1])) end--;
        if (end <= start) return;
        if (end - start <= maxLength)
        {
            passages.Add(new TextSpan(start, end));
            return;
        }
        var sentences = new List<TextSpan>();
        SentenceSegmenter.Split(text.AsSpan(start, end - start), sentences);
        var runStart = -1;
        var runEnd = -1;
        foreach (var s in sentences)
        {
            var sentence = new TextSpan(start + s.Start, start + s.End);
            if (runStart >= 0 && sentence.End - runStart > maxLength)
            {
                passages.Add(new TextSpan(runStart, runEnd));
                runStart = -1;
            }
            if (runStart < 0) runStart = sentence.Start;
            runEnd = sentence.End;
        }
        if (runStart >= 0) passages.Add(new TextSpan(runStart, runEnd));
    }
}
