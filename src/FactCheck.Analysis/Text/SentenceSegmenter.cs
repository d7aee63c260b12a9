using System.Collections.Frozen;

namespace FactCheck.Analysis.Text;

/// <summary>
/// Rule-based English sentence segmentation that reports exact spans into the original text.
/// A single left-to-right scan over the characters: no regular expressions and no copies of
/// the text, so it runs at tens of MB/s and the spans always cut the original string.
/// </summary>
/// <remarks>
/// The rules follow the "Golden Rules" of pragmatic_segmenter: abbreviations, initials,
/// numbers, e-mail and web addresses, quotations and parentheses, ellipses, lists and bullets.
/// </remarks>
public static class SentenceSegmenter
{
    // Titles that precede a name: a period after them never ends a sentence.
    static readonly FrozenSet<string> Prepositive = FrozenSet.ToFrozenSet(
    [
        "mr", "mrs", "ms", "mx", "dr", "prof", "st", "mt", "ft", "gen", "gov", "sen", "rep", "capt", "lt",
        "col", "sgt", "cpl", "adm", "cmdr", "rev", "hon", "pres", "supt", "messrs", "mme", "mlle", "fr",
        "maj", "brig", "pvt", "insp", "det", "atty", "amb", "sens", "reps", "govs", "gens",
    ], StringComparer.Ordinal);

    // Abbreviations that precede a number ("p. 55", "No. 3"): no boundary when a digit follows.
    static readonly FrozenSet<string> BeforeNumber = FrozenSet.ToFrozenSet(
    [
        "no", "nos", "n°", "p", "pp", "vol", "vols", "fig", "figs", "art", "sec", "ch", "op", "nr", "ca",
        "approx", "para", "eq", "tab", "ex", "pt", "pts", "ed", "rev",
    ], StringComparer.Ordinal);

    // Abbreviations that may also end a sentence: a boundary only when a typical sentence opener follows.
    static readonly FrozenSet<string> Ambiguous = FrozenSet.ToFrozenSet(
    [
        "co", "corp", "inc", "ltd", "llc", "plc", "jr", "sr", "bros", "etc", "vs", "v", "al", "esp", "dept",
        "est", "univ", "assn", "ave", "blvd", "rd", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
        "sept", "oct", "nov", "dec", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
        "min", "max", "mln", "bn", "tr", "yr", "yrs", "mo", "mos", "hr", "hrs", "sq", "oz", "lb", "lbs",
        "cf", "viz", "govt", "intl", "natl", "assoc", "mfg", "dist", "div", "ft", "km", "kg", "approx",
    ], StringComparer.Ordinal);

    // Words that typically open a sentence: after an ambiguous abbreviation they signal a boundary.
    static readonly FrozenSet<string> SentenceOpeners = FrozenSet.ToFrozenSet(
    [
        "I", "It", "He", "She", "They", "We", "You", "How", "What", "Why", "When", "Where", "Who", "Which",
        "The", "This", "That", "These", "Those", "There", "Their", "His", "Her", "Its", "Our", "My", "Your",
        "A", "An", "But", "And", "So", "Yet", "However", "In", "On", "At", "If", "As", "After", "Before",
        "Then", "Today", "Yesterday", "Tomorrow", "Now", "Meanwhile", "Also", "Some", "Many", "Most",
        "All", "Both", "Each", "Every", "No", "Not", "One", "Do", "Does", "Did", "Is", "Are", "Was", "Were",
        "Will", "Would", "Can", "Could", "Should", "Let", "Please", "For", "From", "With", "While",
        "Although", "Because", "Since", "Still", "Thus", "Therefore", "Instead", "Here", "Last", "Next",
    ], StringComparer.Ordinal);

    static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> PrepositiveLookup =
        Prepositive.GetAlternateLookup<ReadOnlySpan<char>>();
    static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> BeforeNumberLookup =
        BeforeNumber.GetAlternateLookup<ReadOnlySpan<char>>();
    static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> AmbiguousLookup =
        Ambiguous.GetAlternateLookup<ReadOnlySpan<char>>();
    static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> OpenerLookup =
        SentenceOpeners.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Splits <paramref name="text"/> into trimmed sentence spans, in order.</summary>
    public static List<TextSpan> Split(string text)
    {
        var output = new List<TextSpan>(Math.Max(4, text.Length / 100));
        Split(text.AsSpan(), output);
        return output;
    }

    /// <summary>Appends the trimmed sentence spans of <paramref name="text"/> to <paramref name="output"/>.</summary>
    public static void Split(ReadOnlySpan<char> text, List<TextSpan> output)
    {
        var markers = FindListMarkers(text);
        var markerIndex = 0;
        var segStart = 0;
        var i = 0;
        var n = text.Length;

        while (i < n)
        {
            var c = text[i];

            if (markerIndex < markers.Count && markers[markerIndex].Start == i)
            {
                // A list item starts here: whatever came before it is a sentence of its own.
                var marker = markers[markerIndex++];
                if (!IsBlank(text, segStart, i) && !OnlyBullets(text, segStart, i))
                {
                    Emit(text, segStart, i, output);
                    segStart = i;
                }
                i = marker.End;
                continue;
            }

            if (c == '\n' || c == '\r')
            {
                var next = i;
                var newlines = 0;
                while (next < n && char.IsWhiteSpace(text[next]))
                {
                    if (text[next] == '\n') newlines++;
                    next++;
                }
                if (newlines == 0) newlines = 1; // a lone '\r'
                if (IsHardBreak(text, segStart, i, next, newlines))
                {
                    Emit(text, segStart, i, output);
                    segStart = next;
                }
                i = next;
                continue;
            }

            if (IsBullet(c) && (i == 0 || char.IsWhiteSpace(text[i - 1])) && IsBulletAt(text, i))
            {
                if (!IsBlank(text, segStart, i))
                {
                    Emit(text, segStart, i, output);
                    segStart = i;
                }
                i++;
                continue;
            }

            if (c is '.' or '?' or '!' or '…')
            {
                var (boundaryEnd, nextStart, resume) = EvaluateTerminator(text, i);
                if (boundaryEnd >= 0)
                {
                    Emit(text, segStart, boundaryEnd, output);
                    segStart = nextStart;
                }
                i = resume;
                continue;
            }

            i++;
        }

        Emit(text, segStart, n, output);
    }

    /// <summary>
    /// Decides whether the run of terminal punctuation starting at <paramref name="i"/> ends a sentence.
    /// Returns the end of the sentence (or -1), where the next one starts, and where to resume scanning.
    /// </summary>
    static (int BoundaryEnd, int NextStart, int Resume) EvaluateTerminator(ReadOnlySpan<char> text, int i)
    {
        var n = text.Length;
        var j = i;
        var dots = 0;
        var strong = false; // '?' or '!'
        while (j < n && text[j] is '.' or '?' or '!' or '…')
        {
            if (text[j] == '.') dots++;
            else if (text[j] == '…') dots += 3;
            else strong = true;
            j++;
        }
        var attachedEnd = j;
        var attachedDots = dots;

        // Spaced ellipsis: ". . ." possibly following an attached period ("compounds. . . .").
        var spaced = 0;
        while (j + 1 < n && text[j] == ' ' && text[j + 1] == '.')
        {
            spaced++;
            j += 2;
        }
        var runEnd = j;
        var afterClosers = SkipClosers(text, runEnd);
        var atEnd = SkipWhitespace(text, afterClosers) >= n;
        var nextWord = NextWordStart(text, afterClosers);

        if (!strong && attachedDots == 1 && spaced >= 3 && i > 0 && !char.IsWhiteSpace(text[i - 1]))
        {
            // "compounds. . . . The": the word's own period ends the sentence, the ellipsis opens the next.
            if (nextWord >= 0 && char.IsUpper(text[nextWord]))
                return (i + 1, i + 2, runEnd);
            return (-1, 0, afterClosers);
        }

        var totalDots = attachedDots + spaced;
        if (!strong && totalDots >= 3)
        {
            // "[...]" marks an elision inside a quotation, never the end of a sentence.
            if (i > 0 && text[i - 1] == '[') return (-1, 0, afterClosers);
            // An ellipsis ends a sentence when it is four dots (ellipsis plus period) and a capital
            // follows, or when three dots are followed by a capitalised word other than "I".
            if (atEnd) return (afterClosers, n, afterClosers);
            if (!HasWhitespace(text, afterClosers) || nextWord < 0 || !char.IsUpper(text[nextWord]))
                return (-1, 0, afterClosers);
            var startsWithLoneI = text[nextWord] == 'I' && (nextWord + 1 >= n || !char.IsLetter(text[nextWord + 1]));
            if (totalDots >= 4 || !startsWithLoneI)
                return (afterClosers, SkipWhitespace(text, afterClosers), afterClosers);
            return (-1, 0, afterClosers);
        }

        if (atEnd) return (afterClosers, n, afterClosers);
        if (!HasWhitespace(text, afterClosers)) return (-1, 0, Math.Max(attachedEnd, i + 1));
        if (nextWord < 0) return (afterClosers, SkipWhitespace(text, afterClosers), afterClosers);

        var nextChar = text[nextWord];
        if (char.IsLower(nextChar)) return (-1, 0, afterClosers);

        if (strong)
            return (afterClosers, SkipWhitespace(text, afterClosers), afterClosers);

        // A single period: look at the word it ends and the word that follows.
        var wordStart = i;
        while (wordStart > 0 && !char.IsWhiteSpace(text[wordStart - 1]) && text[wordStart - 1] is not ('(' or '[' or '"' or '“' or '‘'))
            wordStart--;
        var word = text[wordStart..i];
        var boundary = (afterClosers, SkipWhitespace(text, afterClosers), afterClosers);
        var none = (-1, 0, afterClosers);

        if (word.IsEmpty) return boundary;

        Span<char> lower = stackalloc char[Math.Min(word.Length, 32)];
        var lowered = word.Length <= 32 ? Lower(word, lower) : ReadOnlySpan<char>.Empty;

        if (!lowered.IsEmpty)
        {
            if (PrepositiveLookup.Contains(lowered)) return none;
            if (BeforeNumberLookup.Contains(lowered) && char.IsDigit(nextChar)) return none;
        }

        if (word.Length == 1 && char.IsLetter(word[0]))
        {
            if (char.IsUpper(word[0]))
            {
                // An initial ("Jonas E. Smith") unless it stands alone after a lower-case word ("you and I.").
                var previous = PreviousWordStart(text, wordStart);
                var previousIsLower = previous < 0 || char.IsLower(text[previous]);
                return previousIsLower ? boundary : none;
            }
            return IsOpener(text, nextWord) ? boundary : none;
        }

        if (!lowered.IsEmpty && (AmbiguousLookup.Contains(lowered) || IsDottedAbbreviation(word)))
            return IsOpener(text, nextWord) ? boundary : none;

        return boundary;
    }

    static ReadOnlySpan<char> Lower(ReadOnlySpan<char> word, Span<char> buffer)
    {
        var length = word.ToLowerInvariant(buffer);
        return buffer[..length];
    }

    // "U.S", "a.m", "Ph.D", "e.g": letters separated by periods (the final period is not part of the word).
    static bool IsDottedAbbreviation(ReadOnlySpan<char> word)
    {
        if (word.Length < 3 || word.IndexOf('.') < 0) return false;
        var segment = 0;
        foreach (var ch in word)
        {
            if (ch == '.')
            {
                if (segment == 0) return false;
                segment = 0;
            }
            else if (char.IsLetter(ch))
            {
                if (++segment > 2) return false;
            }
            else return false;
        }
        return segment > 0;
    }

    static bool IsOpener(ReadOnlySpan<char> text, int wordStart)
    {
        var end = wordStart;
        while (end < text.Length && char.IsLetter(text[end])) end++;
        return end > wordStart && OpenerLookup.Contains(text[wordStart..end]);
    }

    static int PreviousWordStart(ReadOnlySpan<char> text, int wordStart)
    {
        var k = wordStart - 1;
        while (k >= 0 && char.IsWhiteSpace(text[k])) k--;
        if (k < 0) return -1;
        while (k > 0 && !char.IsWhiteSpace(text[k - 1])) k--;
        while (k < wordStart && !char.IsLetterOrDigit(text[k])) k++;
        return k < wordStart ? k : -1;
    }

    static int SkipClosers(ReadOnlySpan<char> text, int k)
    {
        while (k < text.Length && text[k] is '"' or '\'' or '”' or '’' or ')' or ']' or '»' or '}')
            k++;
        return k;
    }

    static int SkipWhitespace(ReadOnlySpan<char> text, int k)
    {
        while (k < text.Length && char.IsWhiteSpace(text[k])) k++;
        return k;
    }

    static bool HasWhitespace(ReadOnlySpan<char> text, int k) => k < text.Length && char.IsWhiteSpace(text[k]);

    // The first letter or digit of the next word, skipping whitespace and opening quotes or brackets.
    static int NextWordStart(ReadOnlySpan<char> text, int k)
    {
        k = SkipWhitespace(text, k);
        while (k < text.Length && text[k] is '"' or '\'' or '“' or '‘' or '(' or '[' or '«' or '$' or '£' or '€')
            k++;
        if (k >= text.Length) return -1;
        return char.IsLetterOrDigit(text[k]) ? k : (IsBullet(text[k]) ? -1 : k);
    }

    static bool IsHardBreak(ReadOnlySpan<char> text, int segStart, int newline, int next, int newlines)
    {
        if (IsBlank(text, segStart, newline)) return false;
        if (newlines >= 2 || next >= text.Length) return true;
        // A single newline inside a hard-wrapped paragraph ("... the\nagreement") is not a break.
        var prev = newline - 1;
        while (prev >= segStart && char.IsWhiteSpace(text[prev])) prev--;
        var prevChar = text[prev];
        var nextChar = text[next];
        var wrapped = (char.IsLower(prevChar) || prevChar is ',' or ';' or '-') && char.IsLower(nextChar);
        return !wrapped;
    }

    static bool IsBullet(char c) => c is '•' or '⁃' or '◦' or '▪' or '‣' or '●' or '■' or '□' or '➢' or '►';

    static bool IsBulletAt(ReadOnlySpan<char> text, int i) => i + 1 < text.Length;

    static bool IsBlank(ReadOnlySpan<char> text, int start, int end)
    {
        for (var k = start; k < end; k++)
            if (!char.IsWhiteSpace(text[k])) return false;
        return true;
    }

    static bool OnlyBullets(ReadOnlySpan<char> text, int start, int end)
    {
        for (var k = start; k < end; k++)
            if (!char.IsWhiteSpace(text[k]) && !IsBullet(text[k])) return false;
        return true;
    }

    static void Emit(ReadOnlySpan<char> text, int start, int end, List<TextSpan> output)
    {
        while (start < end && char.IsWhiteSpace(text[start])) start++;
        while (end > start && char.IsWhiteSpace(text[end - 1])) end--;
        if (end > start) output.Add(new TextSpan(start, end));
    }

    readonly record struct ListMarker(int Start, int End, int Value, byte Style);

    /// <summary>
    /// Finds enumerators of lists ("1.", "2)", "3.)", "a.") that are confirmed by a neighbour of the
    /// same style with the next or previous value, so that "in 2019. Then" is not mistaken for one.
    /// </summary>
    static List<ListMarker> FindListMarkers(ReadOnlySpan<char> text)
    {
        List<ListMarker>? candidates = null;
        var n = text.Length;
        for (var p = 0; p < n; p++)
        {
            if (p > 0 && !char.IsWhiteSpace(text[p - 1]) && !IsBullet(text[p - 1])) continue;
            var k = p;
            int value;
            byte style;
            if (char.IsAsciiDigit(text[k]))
            {
                value = 0;
                while (k < n && char.IsAsciiDigit(text[k]) && k - p < 2) value = value * 10 + (text[k++] - '0');
                if (k < n && char.IsAsciiDigit(text[k])) continue;
                style = 0;
            }
            else if (char.IsAsciiLetterLower(text[k]))
            {
                value = text[k++] - 'a' + 1;
                style = 3;
            }
            else continue;

            if (k >= n) continue;
            if (text[k] == '.' && k + 1 < n && text[k + 1] == ')') { style += 1; k += 2; }
            else if (text[k] == ')') { style += 2; k += 1; }
            else if (text[k] == '.') { k += 1; }
            else continue;
            if (k >= n || !char.IsWhiteSpace(text[k])) continue;
            if (style == 3 && p > 0 && !IsListContext(text, p)) continue;

            (candidates ??= []).Add(new ListMarker(p, k, value, style));
        }

        if (candidates is null) return [];
        var confirmed = new List<ListMarker>(candidates.Count);
        for (var a = 0; a < candidates.Count; a++)
        {
            var m = candidates[a];
            var hasNeighbour = (a > 0 && IsSequence(candidates[a - 1], m)) ||
                               (a + 1 < candidates.Count && IsSequence(m, candidates[a + 1]));
            if (hasNeighbour) confirmed.Add(m);
        }
        return confirmed;
    }

    static bool IsSequence(ListMarker first, ListMarker second) =>
        first.Style == second.Style && second.Value == first.Value + 1 && second.Start - first.End < 2000;

    // A lower-case letter enumerator follows the start of a line, a bullet or the end of a previous item.
    static bool IsListContext(ReadOnlySpan<char> text, int p)
    {
        var k = p - 1;
        while (k >= 0 && text[k] is ' ' or '\t') k--;
        return k < 0 || text[k] is '\n' or '\r' || IsBullet(text[k]) || char.IsLetterOrDigit(text[k]) || text[k] is '.' or ';' or ':';
    }
}
