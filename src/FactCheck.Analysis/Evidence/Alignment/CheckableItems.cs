using System.Globalization;
using System.Text.RegularExpressions;
using FactCheck.Analysis.Claims;
using FactCheck.Analysis.Text;
using Bound = FactCheck.Analysis.Evidence.StanceClassifier.Bound;

namespace FactCheck.Analysis.Evidence.Alignment;

/// <summary>What a checkable item of a claim is.</summary>
public enum ItemKind { Name, Quantity, Date, Duration, Quote, Rank, Weekday, Change }

/// <summary>
/// One thing a claim asserts that a source must state for the claim to be supported: a named person, place or
/// organisation, a quantity with its unit, a date, year or duration, quoted words, a rank ("second-largest").
/// </summary>
/// <param name="Value">Quantities: the value in a canonical unit (a percentage as a fraction, °C, km, kg, hectares); dates:
/// yyyymmdd, years: the year; durations: years; changes: the size claimed (NaN when only the direction is).</param>
/// <param name="Unit">The canonical unit or currency of a quantity (null for a bare count); of a change, how its size is
/// given: "relative" (a fraction of the old value), "points" (percentage points) or "factor" (new over old), null for a
/// direction alone.</param>
/// <param name="Bound">How a quantity is bounded by the claim's words ("more than", "nearly", "about").</param>
public sealed record CheckableItem(ItemKind Kind, string Text, TextSpan Span, double Value = 0, string? Unit = null, Bound Bound = Bound.Exact,
    EntityKind? EntityKind = null, string? Canonical = null, bool Opening = false);

/// <summary>Finds the checkable items of a text (a claim, or a source to align a claim with).</summary>
public static partial class CheckableItems
{
    /// <summary>The checkable items of <paramref name="text"/>, in text order.</summary>
    /// <param name="claim">Finding a claim's items (small counts in words, "the two leaders", are then not items); a source's keep them.</param>
    public static IReadOnlyList<CheckableItem> Find(string text, bool claim = true)
    {
        var items = new List<CheckableItem>();
        var span = new TextSpan(0, text.Length);
        var quotes = Quotes(text);
        items.AddRange(quotes);

        // Quantities of other kinds first, so a temperature or a fraction in words is not read again as a count.
        var taken = new List<TextSpan>();
        foreach (Match m in Temperature().Matches(text))
        {
            var value = double.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
            var unit = m.Groups["u"].Value.ToLowerInvariant();
            var celsius = unit.StartsWith('f') || unit == "°f" ? (value - 32) * 5 / 9 : value;
            var s = new TextSpan(m.Index, m.Index + m.Length);
            items.Add(new CheckableItem(ItemKind.Quantity, m.Value, s, celsius, "celsius", BoundAt(text, s)));
            taken.Add(s);
        }
        foreach (Match m in Measure().Matches(text))
        {
            var s = new TextSpan(m.Index, m.Index + m.Length);
            if (taken.Any(t => t.Overlaps(s))) continue;
            var number = double.Parse(m.Groups["n"].Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture)
                * (m.Groups["s"].Success ? m.Groups["s"].Value.ToLowerInvariant() switch { "million" => 1e6, "billion" => 1e9, _ => 1e3 } : 1);
            var (value, unit) = MeasureUnit(m.Groups["u"].Value.ToLowerInvariant(), number);
            items.Add(new CheckableItem(ItemKind.Quantity, m.Value, s, value, unit, BoundAt(text, s)));
            taken.Add(s);
        }
        foreach (Match m in Duration().Matches(text))
        {
            var s = new TextSpan(m.Index, m.Index + m.Length);
            if (taken.Any(t => t.Overlaps(s))) continue;
            var years = DurationYears(m);
            if (years is null) continue;
            items.Add(new CheckableItem(ItemKind.Duration, m.Value, s, years.Value, "years", BoundAt(text, s)));
            taken.Add(s);
        }
        foreach (Match m in Fraction().Matches(text))
        {
            var s = new TextSpan(m.Index, m.Index + m.Length);
            if (taken.Any(t => t.Overlaps(s))) continue;
            items.Add(new CheckableItem(ItemKind.Quantity, m.Value, s, FractionValue(m), "percent", BoundAt(text, s)));
            taken.Add(s);
        }
        foreach (var n in Numbers.Find(text, span))
        {
            if (taken.Any(t => t.Overlaps(n.Span)) || quotes.Any(q => q.Span.Overlaps(n.Span))) continue;
            // A small count in words is mostly a determiner ("one of the", "the two leaders", "both sides"), not a figure
            // to check; ordinals are ranks (below).
            if (n.Kind == QuantityKind.Ordinal || (claim && n.Kind == QuantityKind.Count && n.Value <= 2 && !n.Text.Any(char.IsDigit))) continue;
            if (n.Kind == QuantityKind.Measure && n.Unit is "years" or "days" or "hours" or "months" or "weeks")
            {
                items.Add(new CheckableItem(ItemKind.Duration, n.Text, n.Span, n.Unit switch
                {
                    "years" => n.Value, "months" => n.Value / 12, "weeks" => n.Value / 52.18, "days" => n.Value / 365.25, _ => n.Value / 8766,
                }, "years", BoundAt(text, n.Span)));
                continue;
            }
            var (value, unit) = Canonical(n);
            items.Add(n.Kind switch
            {
                QuantityKind.Year => new CheckableItem(ItemKind.Date, n.Text, n.Span, n.Value, "year"),
                QuantityKind.Date => new CheckableItem(ItemKind.Date, n.Text, n.Span, n.Value, "date"),
                _ => new CheckableItem(ItemKind.Quantity, n.Text, n.Span, value, unit, BoundAt(text, n.Span)),
            });
        }
        var names = Entities.Find(text, span).ToList();
        for (var i = 0; i < names.Count; i++)
        {
            var e = names[i];
            // "European Union" is found as the demonym "European" and "Union": one name.
            if (i + 1 < names.Count && names[i + 1].Span.Start == e.Span.End + 1 && JoinedNames.Contains(text[e.Span.Start..names[i + 1].Span.End]))
            {
                var joined = text[e.Span.Start..names[i + 1].Span.End];
                e = new EntityMention(new TextSpan(e.Span.Start, names[i + 1].Span.End), joined, joined, EntityKind.Organization);
                i++;
            }
            var name = e.Text.EndsWith("'s", StringComparison.Ordinal) || e.Text.EndsWith("’s", StringComparison.Ordinal) ? e.Text[..^2] : e.Text;
            if (quotes.Any(q => q.Span.Overlaps(e.Span)) || IgnoredNames.Contains(e.Name) || IgnoredNames.Contains(name)) continue;
            // A name run into digits is one token ("Flight NV212").
            var end = e.Span.End;
            while (end < text.Length && char.IsLetterOrDigit(text[end])) end++;
            var mention = end > e.Span.End ? text[e.Span.Start..end] : e.Text;
            // A single capitalised word opening the text may be an ordinary word ("Temperatures topped …"): the aligner
            // counts it only when the source has it (see ClaimAligner).
            var opening = e.Span.Start == 0 || text[..e.Span.Start].TrimEnd().EndsWith(':');
            items.Add(new CheckableItem(ItemKind.Name, mention, new TextSpan(e.Span.Start, end), EntityKind: e.Kind, Canonical: end > e.Span.End ? mention : e.Name,
                Opening: opening && !mention.Contains(' ', StringComparison.Ordinal)));
        }
        foreach (Match m in Rank().Matches(text))
        {
            var s = new TextSpan(m.Index, m.Index + m.Length);
            if (quotes.Any(q => q.Span.Overlaps(s))) continue;
            items.Add(new CheckableItem(ItemKind.Rank, m.Value, s, Canonical: m.Value.ToLowerInvariant().Replace(' ', '-')));
        }
        foreach (Match m in Weekday().Matches(text))
            items.Add(new CheckableItem(ItemKind.Weekday, m.Value, new TextSpan(m.Index, m.Index + m.Length), Canonical: m.Value.ToLowerInvariant()));
        if (claim) items.AddRange(Changes(text, items));
        items.Sort((a, b) => a.Span.Start.CompareTo(b.Span.Start));
        return items;
    }

    /// <summary>
    /// The changes a claim states: a direction ("rose", "fell", "up", "narrowed") with the size that follows it, if any
    /// ("by 8 percent", "by two percentage points", "by a third"), or a factor ("doubled", "tripled", "halved"). Not
    /// where the claim negates the verb ("did not rise"), in a phrasal verb ("set up") or in a name ("Niagara Falls"). <see cref="CheckableItem.Canonical"/> is "up" or "down".
    /// </summary>
    static IEnumerable<CheckableItem> Changes(string text, List<CheckableItem> items)
    {
        foreach (Match m in ChangeWord().Matches(text))
        {
            var before = text[Math.Max(0, m.Index - 16)..m.Index];
            // Capitalised inside the text, the word is part of a name ("Niagara Falls", "Down Street").
            if (NegatedBefore().IsMatch(before) || (m.Index > 0 && char.IsUpper(m.Value[0]))) continue;
            var word = m.Value.ToLowerInvariant();
            var end = m.Index + m.Length;
            if (Factor(word) is { } factor)
            {
                yield return new CheckableItem(ItemKind.Change, m.Value, new TextSpan(m.Index, end), factor, "factor", Canonical: factor > 1 ? "up" : "down");
                continue;
            }
            var up = UpWords.Contains(word);
            // The size right after the verb ("rose 12 percent", "up by a third"), a share or a count of percentage points.
            var size = items.FirstOrDefault(i => i.Kind == ItemKind.Quantity && i.Unit == "percent" && i.Span.Start >= end
                && SizeGap().IsMatch(text[end..i.Span.Start]));
            // "by two percentage points": a count in words the number finder leaves to the words.
            if (size is null && WordPoints().Match(text, end) is { Success: true } wp)
                size = new CheckableItem(ItemKind.Quantity, wp.Groups["n"].Value + " percentage points", new TextSpan(wp.Groups["n"].Index, wp.Index + wp.Length),
                    WordOrDigits(wp.Groups["n"].Value) / 100, "percent");
            if (word is "up" or "down" or "higher" or "lower" && size is null && (PhrasalBefore().IsMatch(before) || !AfterUpDown().IsMatch(text[end..]))) continue;
            if (size is null)
            {
                yield return new CheckableItem(ItemKind.Change, m.Value, new TextSpan(m.Index, end), double.NaN, null, Canonical: up ? "up" : "down");
                continue;
            }
            var points = Points().IsMatch(text[size.Span.Start..Math.Min(text.Length, size.Span.End + 20)]);
            yield return new CheckableItem(ItemKind.Change, text[m.Index..size.Span.End], new TextSpan(m.Index, size.Span.End), size.Value,
                points ? "points" : "relative", size.Bound, Canonical: up ? "up" : "down");
        }
    }

    static readonly HashSet<string> UpWords = new(StringComparer.Ordinal)
    {
        "rose", "risen", "rise", "rises", "rising", "increased", "increases", "grew", "grown", "grows", "climbed", "climbs", "jumped", "jumps",
        "surged", "soared", "gained", "widened", "up", "higher",
    };

    static double? Factor(string word) => word switch
    {
        "doubled" or "doubling" or "doubles" => 2, "tripled" or "trebled" or "triples" => 3, "quadrupled" => 4, "halved" or "halves" => 0.5,
        _ => null,
    };

    /// <summary>Names that are not things a source must repeat: titles and generic words the entity finder lets through.</summary>
    static readonly HashSet<string> IgnoredNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "Wire", "Reuters", "AP", "AFP", "Celsius", "Fahrenheit", "BC", "AD", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
    };

    static readonly HashSet<string> JoinedNames = new(StringComparer.Ordinal) { "European Union", "European Commission", "European Parliament", "European Medicines Agency", "American Airlines" };

    static (double Value, string Unit) MeasureUnit(string unit, double n) => unit switch
    {
        _ when unit.StartsWith("mile", StringComparison.Ordinal) || unit == "mi" => (n * 1.609344, "km"),
        _ when unit.StartsWith("kilomet", StringComparison.Ordinal) || unit == "km" => (n, "km"),
        _ when unit.StartsWith("met", StringComparison.Ordinal) || unit == "m" => (n / 1000, "km"),
        "feet" or "foot" or "ft" => (n * 0.0003048, "km"),
        _ when unit.StartsWith("tonne", StringComparison.Ordinal) || unit.StartsWith("ton", StringComparison.Ordinal) => (n * 1000, "kg"),
        _ when unit.StartsWith("kilogram", StringComparison.Ordinal) || unit == "kg" => (n, "kg"),
        _ when unit.StartsWith("pound", StringComparison.Ordinal) || unit == "lb" || unit == "lbs" => (n * 0.45359237, "kg"),
        _ when unit.StartsWith("hectare", StringComparison.Ordinal) || unit == "ha" => (n, "hectares"),
        _ when unit.StartsWith("acre", StringComparison.Ordinal) => (n * 0.40468564, "hectares"),
        _ when unit.StartsWith("square kilomet", StringComparison.Ordinal) || unit == "km2" => (n * 100, "hectares"),
        _ => (n, unit),
    };

    static (double Value, string? Unit) Canonical(NumberMention n) => n.Kind switch
    {
        QuantityKind.Percent => (n.Value, "percent"),
        QuantityKind.Money => (n.Value, n.Unit),
        QuantityKind.Measure => n.Unit switch
        {
            "miles" => (n.Value * 1.609344, "km"),
            "km" or "kilometres" or "kilometers" => (n.Value, "km"),
            "tonnes" or "tons" => (n.Value * 1000, "kg"),
            "kg" => (n.Value, "kg"),
            "people" or "troops" or "soldiers" => (n.Value, null),
            var u => (n.Value, u),
        },
        _ => (n.Value, null),
    };

    /// <summary>The bound the words right before an amount put on it ("more than 8,000", "nearly a third").</summary>
    public static Bound BoundAt(string text, TextSpan span) => StanceClassifier.BoundOf(text, span);

    static List<CheckableItem> Quotes(string text)
    {
        var result = new List<CheckableItem>();
        foreach (Match m in Quote().Matches(text))
        {
            var inner = m.Groups["q"].Value.Trim();
            // Quoted words, not an apostrophe pair ("the club's 'B' team" is one letter; "it's ... don't" no quote at all).
            if (inner.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length < 2) continue;
            result.Add(new CheckableItem(ItemKind.Quote, inner, new TextSpan(m.Groups["q"].Index, m.Groups["q"].Index + m.Groups["q"].Length)));
        }
        return result;
    }

    static double FractionValue(Match m)
    {
        var text = m.Value.ToLowerInvariant();
        if (m.Groups["in"].Success)
            return 1.0 / WordOrDigits(m.Groups["in"].Value);
        var numerator = m.Groups["num"].Success ? WordOrDigits(m.Groups["num"].Value) : 1;
        var denominator = text.Contains("half", StringComparison.Ordinal) ? 2 : text.Contains("third", StringComparison.Ordinal) ? 3
            : text.Contains("quarter", StringComparison.Ordinal) || text.Contains("fourth", StringComparison.Ordinal) ? 4
            : text.Contains("fifth", StringComparison.Ordinal) ? 5 : text.Contains("tenth", StringComparison.Ordinal) ? 10 : 1;
        return numerator / denominator;
    }

    static double WordOrDigits(string word) => word.ToLowerInvariant() switch
    {
        "a" or "an" or "one" => 1, "two" => 2, "three" => 3, "four" => 4, "five" => 5, "six" => 6, "seven" => 7, "eight" => 8,
        "nine" => 9, "ten" => 10, var digits when double.TryParse(digits, NumberStyles.Number, CultureInfo.InvariantCulture, out var v) => v, _ => 1,
    };

    /// <summary>Years of a duration in words: "four and a half years", "a 12-year break", "two decades".</summary>
    static double? DurationYears(Match m)
    {
        var n = WordOrDigits(m.Groups["n"].Value);
        if (m.Groups["half"].Success) n += 0.5;
        var unit = m.Groups["u"].Value.ToLowerInvariant();
        return unit.StartsWith("decade", StringComparison.Ordinal) ? n * 10 : unit.StartsWith("month", StringComparison.Ordinal) ? n / 12
            : unit.StartsWith("week", StringComparison.Ordinal) ? n / 52.18 : unit.StartsWith("day", StringComparison.Ordinal) ? n / 365.25 : n;
    }

    // 'quoted words', "quoted words", ‘…’, “…”: an opening quote after a space or start, a closing one before a non-letter.
    [GeneratedRegex(@"(?<![\p{L}0-9])['‘""“](?<q>[^'‘’""“”\n]{3,300}?)['’""”](?![\p{L}0-9])")]
    private static partial Regex Quote();

    [GeneratedRegex(@"(?<n>-?[0-9]+(?:\.[0-9]+)?)\s*(?:°\s*|degrees?\s+)(?<u>Celsius|Fahrenheit|C|F)\b|(?<n>-?[0-9]+(?:\.[0-9]+)?)\s*(?<u>°C|°F)", RegexOptions.IgnoreCase)]
    private static partial Regex Temperature();

    [GeneratedRegex(@"(?<![\w.])(?<n>[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)(?:\s?(?<s>thousand|million|billion))?[\s-]?(?<u>square\s+kilometres|square\s+kilometers|kilometres|kilometers|kilometre|kilometer|km2|km|miles|mile|mi|metres|meters|metre|meter|m|feet|foot|ft|tonnes|tonne|tons|ton|kilograms|kilogram|kg|pounds|lbs|lb|hectares|hectare|ha|acres|acre)\b(?!\s*(?:Celsius|Fahrenheit))", RegexOptions.IgnoreCase)]
    private static partial Regex Measure();

    [GeneratedRegex(@"\b(?:(?<num>a|one|two|three|four)[\s-]+(?:half|halves|thirds?|quarters?|fourths?|fifths?|tenths?)|half|(?<in>a|one)\s+in\s+(?<in>two|three|four|five|six|seven|eight|nine|ten|[0-9]+))\b", RegexOptions.IgnoreCase)]
    private static partial Regex Fraction();

    [GeneratedRegex(@"\b(?<n>a|an|one|two|three|four|five|six|seven|eight|nine|ten|[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+(?:\.[0-9]+)?)(?<half>\s+and\s+a\s+half)?[\s-]+(?<u>years?|decades?|months?|weeks?|days?)(?:[\s-]+(?:old|long))?\b", RegexOptions.IgnoreCase)]
    private static partial Regex Duration();

    [GeneratedRegex(@"\b(?:(?:second|third|fourth|fifth|2nd|3rd|4th|5th)[\s-])?(?:largest|biggest|smallest|highest|lowest|oldest|youngest|longest|shortest|busiest|richest|poorest|most\s+populous|first|second|third|fourth|fifth|last|only)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Rank();

    [GeneratedRegex(@"\b(?:rose|risen|rise|rises|rising|increased|increases|grew|grown|grows|climbed|climbs|jumped|jumps|surged|soared|gained|widened|higher|up|fell|fallen|falls|falling|dropped|drops|declined|declines|decreased|decreases|shrank|shrunk|shrinks|slumped|plunged|narrowed|lower|down|doubled|doubling|doubles|tripled|trebled|triples|quadrupled|halved|halves)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ChangeWord();

    [GeneratedRegex(@"\b(?:not|never|no|n't)\s+(?:\w+\s+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex NegatedBefore();

    [GeneratedRegex(@"^\s*(?:by\s+)?(?:(?:more\s+than|nearly|almost|about|around|roughly|over|some|just\s+over|just\s+under|less\s+than)\s+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex SizeGap();

    [GeneratedRegex(@"\G\s*(?:by\s+)?(?<n>a|one|two|three|four|five|six|seven|eight|nine|ten)\s+percentage\s+points?\b", RegexOptions.IgnoreCase)]
    private static partial Regex WordPoints();

    [GeneratedRegex(@"percentage\s+points?", RegexOptions.IgnoreCase)]
    private static partial Regex Points();

    // "set up", "stepped down": a phrasal verb, not a change.
    [GeneratedRegex(@"\b(?:set|sets|sign|signed|pick|picked|end|ended|ends|back|backed|shut|shuts|step|stepped|steps|turn|turned|break|broke|broken|take|took|taken|make|made|sum|summed|give|gave|show|showed|clean|cleaned|build|built|put|cut|open|opened|slow|slowed|calm|calmed|close|closed|wind|wound|bring|brought|hold|held|keep|kept|look|looked|lay|laid|count|counted|follow|followed|catch|caught|wrap|wrapped|vote|voted|crack|cracked|hand|handed|track|tracked|let|knock|knocked|gun|gunned|scale|scaled|tone|toned|play|played|sit|sat|lie|stand|stood|settle|settled|line|lined|pay|paid|tie|tied|beat|beaten|burn|burned|burnt|write|wrote|written|mark|marked|water|watered|shot|shoot|setting|stepping)\s+$", RegexOptions.IgnoreCase)]
    private static partial Regex PhrasalBefore();

    // "up" or "down" as a change: before a span of time, a comparison, the end of the clause.
    [GeneratedRegex(@"^\s*(?:over|since|in|on|this|last|from|again|sharply|slightly|year|for|[.,;:]|$)", RegexOptions.IgnoreCase)]
    private static partial Regex AfterUpDown();

    [GeneratedRegex(@"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")]
    private static partial Regex Weekday();
}
