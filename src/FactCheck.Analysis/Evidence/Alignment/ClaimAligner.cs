using System.Globalization;
using System.Text.RegularExpressions;
using FactCheck.Analysis.Claims;
using Bound = FactCheck.Analysis.Evidence.StanceClassifier.Bound;

namespace FactCheck.Analysis.Evidence.Alignment;

/// <summary>How a claim's item fares in a source.</summary>
public enum ItemMatch
{
    /// <summary>The source states it, or an equivalent form (a date, a unit conversion, rounding within the claim's bound, a
    /// start year under a dateline as a duration, a fraction in words as a number).</summary>
    Found,
    /// <summary>The source gives another item of the same kind in the same role (another city, another count of the same
    /// thing): evidence against the claim.</summary>
    Differs,
    /// <summary>The source does not say: it cannot settle the claim.</summary>
    Missing,
}

/// <summary>One of the claim's items and what the source says of it (<paramref name="Counterpart"/>: the differing item).</summary>
public sealed record AlignedItem(CheckableItem Item, ItemMatch Match, string? Counterpart = null)
{
    public override string ToString() => Match switch
    {
        ItemMatch.Found => $"{Describe(Item)} found",
        ItemMatch.Differs => $"{Describe(Item)} differs: the source gives {Counterpart}",
        _ => $"{Describe(Item)} not in the source",
    };

    static string Describe(CheckableItem item) => item.Kind switch
    {
        ItemKind.Quote => $"quote '{item.Text}'",
        ItemKind.Name => $"'{item.Text}'",
        _ => $"'{item.Text}'",
    };
}

/// <summary>A claim's items aligned with one source: what it states, contradicts and leaves out.</summary>
public sealed record ClaimAlignment(IReadOnlyList<AlignedItem> Items)
{
    public static readonly ClaimAlignment Empty = new([]);

    /// <summary>Every checkable item of the claim is stated by the source.</summary>
    public bool Covers => Items.All(i => i.Match == ItemMatch.Found);

    public IEnumerable<AlignedItem> Differing => Items.Where(i => i.Match == ItemMatch.Differs);

    public IEnumerable<AlignedItem> Missing => Items.Where(i => i.Match == ItemMatch.Missing);
}

/// <summary>
/// Aligns the checkable items of a claim with a source: each is found (in an equivalent form), differs (the source gives
/// another of the same kind in the same role) or is missing. Pure: text in, alignment out.
/// </summary>
public static partial class ClaimAligner
{
    /// <summary>Aligns <paramref name="claim"/> with <paramref name="source"/> (its text with its title and dateline).</summary>
    /// <param name="sourceDate">The source's date (its dateline), for durations given as a start year ("since 2007").</param>
    public static ClaimAlignment Align(string claim, string source, DateOnly? sourceDate = null) =>
        Align(claim, CheckableItems.Find(claim), source, sourceDate);

    public static ClaimAlignment Align(string claim, IReadOnlyList<CheckableItem> claimItems, string source, DateOnly? sourceDate = null) =>
        claimItems.Count == 0 ? ClaimAlignment.Empty : Align(claim, claimItems, source, CheckableItems.Find(source, claim: false), sourceDate);

    /// <summary>Aligns with a source whose items are already found (a source read against several claims).</summary>
    public static ClaimAlignment Align(string claim, IReadOnlyList<CheckableItem> claimItems, string source, IReadOnlyList<CheckableItem> sourceItems, DateOnly? sourceDate)
    {
        if (claimItems.Count == 0) return ClaimAlignment.Empty;
        sourceDate ??= Dateline(source);
        var lower = Normalise(source);
        var aligned = new List<AlignedItem>(claimItems.Count);
        foreach (var item in claimItems)
        {
            AlignedItem? result = item.Kind switch
            {
                ItemKind.Name => AlignName(claim, item, sourceItems, source, lower),
                ItemKind.Quantity => AlignQuantity(claim, item, sourceItems, source),
                ItemKind.Date => AlignDate(claim, item, sourceItems, source, sourceDate),
                ItemKind.Duration => AlignDuration(claim, item, sourceItems, source, sourceDate),
                ItemKind.Quote => AlignQuote(item, lower),
                ItemKind.Rank => AlignRank(item, sourceItems, lower),
                ItemKind.Weekday => new AlignedItem(item, lower.Contains(item.Canonical!, StringComparison.Ordinal) ? ItemMatch.Found : ItemMatch.Missing),
                ItemKind.Change => AlignChange(claim, item, sourceItems, source),
                _ => new AlignedItem(item, ItemMatch.Missing),
            };
            if (result is not null) aligned.Add(result);
        }
        QuoteSpeaker(claimItems, aligned, source, sourceItems);
        ChangeSizes(aligned);
        return new ClaimAlignment(aligned);
    }

    // ----------------------------------------------------------------------------------------- quote speaker
    /// <summary>
    /// The speaker of a quote is a role: a claim that puts quoted words in one person's mouth ("Mayor Lena Varga called
    /// the plan 'a waste of money'"), against a source whose sentence holding those words names another person and not
    /// the claim's ("'A waste of money,' said Tomas Berg"), gives that person as differing, however often the source
    /// names the claim's speaker elsewhere. The claim's speaker is the last person it names before the quote.
    /// </summary>
    static void QuoteSpeaker(IReadOnlyList<CheckableItem> claimItems, List<AlignedItem> aligned, string source, IReadOnlyList<CheckableItem> sourceItems)
    {
        if (claimItems.FirstOrDefault(i => i.Kind == ItemKind.Quote) is not { } quote) return;
        var speaker = aligned.FindLastIndex(a => a.Item.Kind == ItemKind.Name && a.Item.EntityKind == EntityKind.Person
            && a.Item.Span.End <= quote.Span.Start && a.Match == ItemMatch.Found);
        if (speaker < 0) return;
        var words = Words(Normalise(quote.Text));
        var held = sourceItems.FirstOrDefault(s => s.Kind == ItemKind.Quote && Words(Normalise(s.Text)) is var w
            && words.Count > 0 && words.Count(w.Contains) >= Math.Ceiling(0.8 * words.Count));
        if (held is null) return;
        var (from, to) = SentenceAround(source, held.Span);
        if (NameFound(aligned[speaker].Item, source[from..to], Normalise(source[from..to]))) return;
        var other = sourceItems.FirstOrDefault(s => s.Kind == ItemKind.Name && s.EntityKind == EntityKind.Person && s.Span.Start >= from && s.Span.End <= to);
        if (other is not null) aligned[speaker] = new AlignedItem(aligned[speaker].Item, ItemMatch.Differs, other.Text);
    }

    /// <summary>The sentence holding a span: from after the last sentence end before it to the next one after it (a quote's own stops do not count).</summary>
    static (int From, int To) SentenceAround(string text, FactCheck.Analysis.Text.TextSpan span)
    {
        var from = 0;
        for (var i = Math.Max(0, span.Start - 2); i > 0; i--)
            if (text[i] is '.' or '!' or '?' or '\n' && i + 1 < text.Length && char.IsWhiteSpace(text[i + 1])) { from = i + 1; break; }
        var to = text.Length;
        for (var i = Math.Min(text.Length - 1, span.End + 1); i < text.Length; i++)
            if (text[i] is '.' or '!' or '?' or '\n' && (i + 1 == text.Length || char.IsWhiteSpace(text[i + 1]))) { to = i + 1; break; }
        return (from, to);
    }

    // ------------------------------------------------------------------------------------------------- names
    static readonly Dictionary<string, string> Capitals = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Moscow"] = "Russia", ["Kremlin"] = "Russia", ["Pyongyang"] = "North Korea", ["Seoul"] = "South Korea", ["Washington"] = "United States",
        ["White House"] = "United States", ["Beijing"] = "China", ["Kyiv"] = "Ukraine", ["Kiev"] = "Ukraine", ["Tokyo"] = "Japan",
        ["London"] = "United Kingdom", ["Paris"] = "France", ["Berlin"] = "Germany", ["Tehran"] = "Iran", ["Brussels"] = "European Union",
    };

    static readonly Dictionary<string, string[]> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["United States"] = ["U.S.", "US", "USA", "America", "American"], ["United Kingdom"] = ["UK", "U.K.", "Britain", "British"],
        ["United Nations"] = ["UN", "U.N."], ["European Union"] = ["EU", "E.U."], ["North Korea"] = ["DPRK", "North Korean"],
        ["South Korea"] = ["South Korean", "Republic of Korea"], ["Russia"] = ["Russian", "Russian Federation"],
    };

    static AlignedItem? AlignName(string claim, CheckableItem item, IReadOnlyList<CheckableItem> sourceItems, string source, string lower)
    {
        if (NameFound(item, source, lower)) return new AlignedItem(item, ItemMatch.Found);
        // A capitalised word opening the claim that the source lacks is as likely an ordinary word ("Temperatures",
        // "Economists"): not counted.
        if (item.Opening) return null;
        // A place of the same kind in its stead, after the same preposition ("a plant in Poland" against "a plant in
        // Hungary"), is another place for the same thing; a demonym ("Japanese carmaker") is not a place in that role.
        if (item.EntityKind == EntityKind.Place && item.Canonical is { } place && Preposition(claim, item.Span.Start) is { } before)
        {
            var city = Capitals.ContainsKey(place);
            var other = sourceItems.FirstOrDefault(s => s.Kind == ItemKind.Name && s.EntityKind == EntityKind.Place && s.Canonical is { } c
                && s.Text == c && !c.Equals(place, StringComparison.OrdinalIgnoreCase) && Capitals.ContainsKey(c) == city && !Related(place, c)
                && Preposition(source, s.Span.Start) == before);
            if (other is not null) return new AlignedItem(item, ItemMatch.Differs, other.Text);
        }
        return new AlignedItem(item, ItemMatch.Missing);
    }

    /// <summary>The preposition right before a name ("in", "to", "from"), lower case, or null.</summary>
    static string? Preposition(string text, int start)
    {
        var m = PrepositionBefore().Match(text[Math.Max(0, start - 12)..start]);
        return m.Success ? m.Groups[1].Value.ToLowerInvariant() : null;
    }

    static bool Related(string a, string b) =>
        (Capitals.TryGetValue(a, out var ca) && ca.Equals(b, StringComparison.OrdinalIgnoreCase))
        || (Capitals.TryGetValue(b, out var cb) && cb.Equals(a, StringComparison.OrdinalIgnoreCase))
        || a.Contains(b, StringComparison.OrdinalIgnoreCase) || b.Contains(a, StringComparison.OrdinalIgnoreCase);

    static bool NameFound(CheckableItem item, string source, string lower)
    {
        var forms = new List<string> { item.Text, item.Canonical ?? item.Text };
        var canonical = item.Canonical ?? item.Text;
        if (Aliases.TryGetValue(canonical, out var aliases)) forms.AddRange(aliases);
        foreach (var (capital, country) in Capitals)
            if (country.Equals(canonical, StringComparison.OrdinalIgnoreCase)) forms.Add(capital);
        if (Capitals.TryGetValue(canonical, out var of)) forms.Add(of);
        var words = canonical.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // A person by surname ("Aas" for "Hanne Aas", "Kell" for "Mountaineer Sara Kell"), any name by its last word
        // ("Tessin" for "Former Tessin"); an organisation by its acronym ("WHO").
        if (words.Length > 1 && words[^1].Length > 2 && !GenericHeads.Contains(words[^1])) forms.Add(words[^1]);
        // A hyphenated pair names both ("Putin-Kim", "Russia-North Korea").
        if (canonical.Contains('-', StringComparison.Ordinal))
        {
            var parts = canonical.Split('-', StringSplitOptions.RemoveEmptyEntries);
            if (parts.All(p => p.Length > 1 && char.IsUpper(p[0]) && NameFound(item with { Text = p, Canonical = p, EntityKind = EntityKind.Place }, source, lower))) return true;
        }
        if (words.Length > 1 && words.All(w => char.IsUpper(w[0])))
            forms.Add(new string([.. words.Where(w => w is not ("of" or "the" or "and")).Select(w => w[0])]));
        // A possessive or plural form of the claim's words ("Halvex's") is the same name.
        // An acronym is matched in its capitals: "WHO" is not "who", "US" is not "us".
        return forms.Any(f => f.Length > 1 && (Acronym(f) ? ContainsWord(source, f) : ContainsWord(lower, Normalise(f))));
    }

    // -------------------------------------------------------------------------------------------- quantities
    static AlignedItem AlignQuantity(string claim, CheckableItem item, IReadOnlyList<CheckableItem> sourceItems, string source)
    {
        var sameKind = sourceItems.Where(s => s.Kind == ItemKind.Quantity && s.Unit == item.Unit).ToList();
        if (sameKind.Any(s => Agrees(item, s))) return new AlignedItem(item, ItemMatch.Found);
        // A share from counts ("60 of the 150 seats" for "40 percent of the seats").
        if (item.Unit == "percent")
        {
            var counts = sourceItems.Where(s => s.Kind == ItemKind.Quantity && s.Unit is null && s.Value > 0).ToList();
            foreach (var a in counts)
                foreach (var b in counts)
                    if (a.Value < b.Value && Agrees(item, a with { Value = a.Value / b.Value, Unit = "percent", Text = $"{a.Text} of {b.Text}" }))
                        return new AlignedItem(item, ItemMatch.Found);
        }
        // A count of the same thing given otherwise: another number with a word of the claim's around it.
        // A count of the same thing given otherwise ("two men" against "three men"); another amount, share or measure with
        // a word of the claim's around it ("2,000 tonnes of fuel oil" is not "30,000 tonnes of grain"; a salary is not a budget).
        var context = Context(claim, item);
        var differing = sameKind.FirstOrDefault(s => item.Unit is null ? SameCount(claim, item, source, s) : Context(source, s).Overlaps(context));
        return differing is not null ? new AlignedItem(item, ItemMatch.Differs, differing.Text) : new AlignedItem(item, ItemMatch.Missing);
    }

    /// <summary>
    /// Whether two bare numbers count the same thing: the same noun after them ("three men", "two men"); "people" for
    /// any group, when the same verb follows ("eleven civilians were killed", "three people were killed"); or, with no
    /// noun after one of them, the same word naming the measure before them ("magnitude 6.1", "magnitude 5.4").
    /// </summary>
    static bool SameCount(string claim, CheckableItem item, string source, CheckableItem other)
    {
        var (noun, otherNoun) = (NounAfter(claim, item), NounAfter(source, other));
        if (noun is not null && noun == otherNoun) return true;
        if (noun is not null && otherNoun is not null && (noun is "people" or "person" || otherNoun is "people" or "person"))
            return WordAfterNoun(claim, item) is { } verb && verb == WordAfterNoun(source, other);
        if (noun is null || otherNoun is null)
            return WordBefore(claim, item) is { } label && label == WordBefore(source, other);
        return false;
    }

    /// <summary>The first content word after the noun that follows an item ("killed" in "11 civilians were killed").</summary>
    static string? WordAfterNoun(string text, CheckableItem item) =>
        Words(Normalise(text[item.Span.End..Math.Min(text.Length, item.Span.End + 50)])).Where(w => !Stop.Contains(w) && !char.IsDigit(w[0])).Skip(1).FirstOrDefault();

    /// <summary>The word right before an item when it is a content word in lower case ("magnitude" in "measured magnitude 6.1").</summary>
    static string? WordBefore(string text, CheckableItem item)
    {
        var w = WordPattern().Matches(text[Math.Max(0, item.Span.Start - 30)..item.Span.Start]).LastOrDefault()?.Value;
        // A common noun in lower case: "March 25", "PlayStation 5", "Week 3" are names and dates, not measures.
        return w is null || !w.All(char.IsLower) || Stop.Contains(w) || w.Length < 4 ? null : w;
    }

    /// <summary>Whether the source's amount satisfies the claim's, within the claim's bound and the precision its digits give.</summary>
    public static bool Agrees(CheckableItem claim, CheckableItem source)
    {
        var x = claim.Value;
        var v = source.Value;
        var scale = Math.Abs(x);
        var precision = Precision(claim);
        return claim.Bound switch
        {
            Bound.AtLeast => v >= x - 1e-9 * scale,
            Bound.AtMost => v <= x + 1e-9 * scale,
            // "about", "nearly", "roughly": within a tenth (wider when the claim's own digits are rounder).
            Bound.About => Math.Abs(v - x) <= Math.Max(0.1 * scale, precision) + 1e-12,
            // Exact: the same at the claim's precision ("5.2%" is not 5.3%; "40 percent" is 40.0%), or its converted form
            // within 3% ("about 150 miles" against 240 km is About; "1,000 km" against "621 miles" exact).
            _ => Math.Abs(v - x) <= Math.Max(precision, source.Unit is "km" or "kg" or "celsius" && source.Text != claim.Text ? 0.03 * scale : 0) + 1e-9 * scale,
        };
    }

    /// <summary>Half a unit of the claim's last significant digit, in the canonical unit ("5.2%": 0.0005; "8,000": 500).</summary>
    static double Precision(CheckableItem item)
    {
        var m = Digits().Match(item.Text);
        if (!m.Success) return 0.5 * Math.Abs(item.Value) * 0.02; // a number in words: 1%
        var digits = m.Value.Replace(",", "", StringComparison.Ordinal);
        if (!double.TryParse(digits, NumberStyles.Float, CultureInfo.InvariantCulture, out var mantissa) || mantissa == 0) return 0;
        double unit;
        var dot = digits.IndexOf('.', StringComparison.Ordinal);
        if (dot >= 0) unit = Math.Pow(10, -(digits.Length - dot - 1));
        else
        {
            var zeros = digits.Length - digits.TrimEnd('0').Length;
            unit = Math.Pow(10, Math.Min(zeros, Math.Max(0, digits.Length - 1)));
        }
        return 0.5 * unit * Math.Abs(item.Value / mantissa);
    }

    // ------------------------------------------------------------------------------------------------ changes
    /// <summary>
    /// A change the claim states ("rose by 8 percent", "tripled", "population up") against two values of one thing in
    /// the source ("from 820 euros to 1,480 euros", "2.31 million, down from 2.56 million", "to 4.3 percent … from 4.1
    /// percent"): found when the direction and the size agree (the size within the claim's bound and precision; a
    /// percentage of percentages may be relative or in points; a factor within an eighth), differs when either does not.
    /// A source with no such pair says nothing of the change here: the item is left out (the model reads a source that
    /// states the change in words).
    /// </summary>
    static AlignedItem? AlignChange(string claim, CheckableItem item, IReadOnlyList<CheckableItem> sourceItems, string source)
    {
        if (BestPair(claim, sourceItems, source) is not var (from, to, text)) return null;
        var ratio = from.Value != 0 ? to.Value / from.Value : double.NaN;
        var direction = to.Value > from.Value ? "up" : to.Value < from.Value ? "down" : "flat";
        var counterpart = $"{text} ({(direction == "flat" ? "unchanged" : direction)})";
        if (direction != item.Canonical) return new AlignedItem(item, ItemMatch.Differs, counterpart);
        bool Size(double value) => Agrees(item with { Kind = ItemKind.Quantity, Unit = "percent" }, item with { Kind = ItemKind.Quantity, Value = value, Text = "" });
        var agrees = item.Unit switch
        {
            null => true,
            "factor" => !double.IsNaN(ratio) && Math.Abs(ratio - item.Value) <= item.Value / 8,
            "points" => from.Unit == "percent" && Size(Math.Abs(to.Value - from.Value)),
            // "rose 2 percent" of a rate given in percent may mean either.
            _ => !double.IsNaN(ratio) && Size(Math.Abs(ratio - 1)) || from.Unit == "percent" && Size(Math.Abs(to.Value - from.Value)),
        };
        return new AlignedItem(item, agrees ? ItemMatch.Found : ItemMatch.Differs, counterpart);
    }

    /// <summary>The size of a change that the change itself found ("8%" of "up 8%") is found with it.</summary>
    static void ChangeSizes(List<AlignedItem> aligned)
    {
        foreach (var change in aligned.Where(a => a.Item.Kind == ItemKind.Change && a.Match == ItemMatch.Found).ToList())
            for (var i = 0; i < aligned.Count; i++)
                if (aligned[i].Item.Kind == ItemKind.Quantity && aligned[i].Match != ItemMatch.Found
                    && aligned[i].Item.Span.Start >= change.Item.Span.Start && aligned[i].Item.Span.End <= change.Item.Span.End)
                    aligned[i] = new AlignedItem(aligned[i].Item, ItemMatch.Found);
    }

    /// <summary>
    /// Two amounts of one kind the source gives as an old and a new value ("from A to B", "to B … from A", "B, up from A",
    /// "B, compared with A"; not "600 people from 12 countries"), in one sentence; of several, the one with most of the claim's words around it (one at least).
    /// </summary>
    static (CheckableItem From, CheckableItem To, string Text)? BestPair(string claim, IReadOnlyList<CheckableItem> sourceItems, string source)
    {
        var amounts = sourceItems.Where(s => s.Kind == ItemKind.Quantity).ToList();
        var claimWords = Words(Normalise(claim)).Where(w => w.Length > 3 && !Stop.Contains(w)).Select(Singular).ToHashSet(StringComparer.Ordinal);
        (CheckableItem, CheckableItem, string)? best = null;
        var bestOverlap = 0;
        for (var i = 0; i + 1 < amounts.Count; i++)
        {
            var (a, b) = (amounts[i], amounts[i + 1]);
            if (a.Unit != b.Unit || b.Span.Start - a.Span.End > 80 || a.Span.End > b.Span.Start) continue;
            var between = source[a.Span.End..b.Span.Start];
            if (SentenceBreak().IsMatch(between)) continue;
            var lead = source[Math.Max(0, a.Span.Start - 8)..a.Span.Start];
            (CheckableItem From, CheckableItem To)? pair =
                FromBefore().IsMatch(lead) && ToBetween().IsMatch(between) ? (a, b)
                : NewThenOld().IsMatch(between) || ToBefore().IsMatch(lead) && FromBetween().IsMatch(between) ? (b, a)
                : null;
            if (pair is not { } p) continue;
            var window = source[Math.Max(0, a.Span.Start - 100)..Math.Min(source.Length, b.Span.End + 40)];
            var overlap = Words(Normalise(window)).Select(Singular).Distinct(StringComparer.Ordinal).Count(claimWords.Contains);
            if (overlap > bestOverlap)
            {
                best = (p.From, p.To, source[a.Span.Start..b.Span.End]);
                bestOverlap = overlap;
            }
        }
        return best;
    }

    static string Singular(string w) => w.Length > 3 && w.EndsWith('s') ? w[..^1] : w;

    // ------------------------------------------------------------------------------------------ dates, durations
    static AlignedItem AlignDate(string claim, CheckableItem item, IReadOnlyList<CheckableItem> sourceItems, string source, DateOnly? sourceDate)
    {
        var dates = sourceItems.Where(s => s.Kind == ItemKind.Date).ToList();
        bool Same(CheckableItem s) => (item.Unit, s.Unit) switch
        {
            ("year", "year") => s.Value == item.Value,
            ("year", "date") => Math.Floor(s.Value / 10000) == item.Value,
            ("date", "date") => s.Value == item.Value,
            ("date", "year") => false,
            _ => false,
        };
        if (dates.Any(Same)) return new AlignedItem(item, ItemMatch.Found);
        if (item.Unit == "year" && sourceDate is { } d && d.Year == (int)item.Value) return new AlignedItem(item, ItemMatch.Found);
        if (item.Unit == "date" && sourceDate is { } sd && sd.Year * 10000 + sd.Month * 100 + sd.Day == (int)item.Value) return new AlignedItem(item, ItemMatch.Found);
        // A full date of another day for a full date, or another year for a year, with a word of the claim's around it and
        // none agreeing: said otherwise ("completed in 1887" against "completed in 1889"; not "in 2021" of another event).
        var context = Context(claim, item);
        var other = dates.FirstOrDefault(s => s.Unit == item.Unit && Context(source, s).Overlaps(context));
        return other is not null ? new AlignedItem(item, ItemMatch.Differs, other.Text) : new AlignedItem(item, ItemMatch.Missing);
    }

    static AlignedItem AlignDuration(string claim, CheckableItem item, IReadOnlyList<CheckableItem> sourceItems, string source, DateOnly? sourceDate)
    {
        var durations = sourceItems.Where(s => s.Kind == ItemKind.Duration).ToList();
        // "four and a half years" against "less than four years": the source's bound holds the claim's value or not.
        bool Holds(CheckableItem s) => s.Bound switch
        {
            Bound.AtMost => item.Value <= s.Value + 1e-9,
            Bound.AtLeast => item.Value >= s.Value - 1e-9,
            _ => Agrees(item, s) || Agrees(s with { Bound = item.Bound }, item) && item.Bound == Bound.Exact,
        };
        if (durations.Any(s => Agrees(item, s) || (item.Bound == Bound.Exact && Holds(s) && s.Bound != Bound.Exact)))
            return new AlignedItem(item, ItemMatch.Found);
        // A start year under a dateline: "since 2007" in a 2024 story is 17 years; "first … since 2000" under 2024 is 24.
        foreach (Match m in Since().Matches(source))
        {
            var year = int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture);
            if (sourceDate is { } d && Agrees(item, item with { Value = d.Year - year, Text = $"{d.Year - year}", Bound = Bound.Exact }))
                return new AlignedItem(item, ItemMatch.Found);
        }
        // The claim's own start year against the source's count of years is the same arithmetic the other way round.
        foreach (Match m in Since().Matches(claim))
        {
            var year = int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture);
            if (sourceDate is { } d && durations.Any(s => Math.Abs(s.Value - (d.Year - year)) <= 1)) return new AlignedItem(item, ItemMatch.Found);
        }
        var context = Context(claim, item);
        var other = durations.FirstOrDefault(s => Context(source, s).Overlaps(context) && !Holds(s));
        return other is not null ? new AlignedItem(item, ItemMatch.Differs, other.Text) : new AlignedItem(item, ItemMatch.Missing);
    }

    /// <summary>The date of a wire dateline at the start of a source ("SEOUL, June 20, 2024 (Wire) -").</summary>
    public static DateOnly? Dateline(string source)
    {
        var head = source.Length > 120 ? source[..120] : source;
        var m = DatelineDate().Match(head);
        if (!m.Success) return null;
        var numbers = Numbers.Find(m.Value, new Text.TextSpan(0, m.Value.Length));
        var date = numbers.FirstOrDefault(n => n.Kind == QuantityKind.Date);
        if (date is not null) return DateOnly.ParseExact(date.Date!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var year = numbers.FirstOrDefault(n => n.Kind == QuantityKind.Year);
        return year is not null ? new DateOnly((int)year.Value, 1, 1) : null;
    }

    // ---------------------------------------------------------------------------------------------- quotes, ranks
    static AlignedItem AlignQuote(CheckableItem item, string lower)
    {
        var quote = Normalise(item.Text);
        if (lower.Contains(quote, StringComparison.Ordinal)) return new AlignedItem(item, ItemMatch.Found);
        // The quoted words in the source's own order, a word or two apart at most, is the same quote ("it is 'a blueprint
        // for decline'" against "This is a blueprint for decline"); fewer is a quote the source does not hold.
        var words = Words(quote);
        var sourceWords = Words(lower);
        var found = words.Count(w => sourceWords.Contains(w));
        return new AlignedItem(item, words.Count > 0 && found >= Math.Ceiling(0.8 * words.Count) ? ItemMatch.Found : ItemMatch.Missing);
    }

    static AlignedItem AlignRank(CheckableItem item, IReadOnlyList<CheckableItem> sourceItems, string lower)
    {
        var rank = item.Canonical!;
        if (ContainsWord(lower, rank) || ContainsWord(lower, rank.Replace('-', ' ')))
        {
            // "largest" is not found in "second-largest".
            var plain = !rank.Contains('-', StringComparison.Ordinal);
            var prefixed = sourceItems.Where(s => s.Kind == ItemKind.Rank && s.Canonical!.EndsWith("-" + rank, StringComparison.Ordinal)).ToList();
            if (!plain || prefixed.Count == 0 || sourceItems.Count(s => s.Kind == ItemKind.Rank && s.Canonical == rank) > 0)
                return new AlignedItem(item, ItemMatch.Found);
        }
        var head = rank.Contains('-', StringComparison.Ordinal) ? rank[(rank.LastIndexOf('-') + 1)..] : rank;
        var other = sourceItems.FirstOrDefault(s => s.Kind == ItemKind.Rank && s.Canonical != rank && s.Canonical!.EndsWith(head, StringComparison.Ordinal)
            && (s.Canonical.Contains('-', StringComparison.Ordinal) || rank.Contains('-', StringComparison.Ordinal)));
        return other is not null ? new AlignedItem(item, ItemMatch.Differs, other.Text) : new AlignedItem(item, ItemMatch.Missing);
    }

    // ------------------------------------------------------------------------------------------------- helpers
    static readonly HashSet<string> Stop = new(StringComparer.Ordinal)
    {
        "the", "a", "an", "of", "in", "on", "at", "to", "for", "by", "and", "or", "with", "from", "than", "more", "less", "about", "nearly",
        "almost", "over", "under", "around", "some", "its", "their", "his", "her", "was", "were", "is", "are", "be", "been", "has", "have",
        "had", "this", "that", "last", "year", "percent", "per", "cent", "said", "says", "up", "down", "new",
    };

    /// <summary>The content words around an item (three each side), lower case and singular.</summary>
    static HashSet<string> Context(string text, CheckableItem item)
    {
        var before = Words(Normalise(text[Math.Max(0, item.Span.Start - 60)..item.Span.Start])).Where(w => !Stop.Contains(w) && !char.IsDigit(w[0])).TakeLast(2);
        var after = Words(Normalise(text[item.Span.End..Math.Min(text.Length, item.Span.End + 60)])).Where(w => !Stop.Contains(w) && !char.IsDigit(w[0])).Take(2);
        return before.Concat(after).Select(w => w.Length > 3 && w.EndsWith('s') ? w[..^1] : w).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The first content word after an item, singular ("runners" for "8,000 runners").</summary>
    static string? NounAfter(string text, CheckableItem item)
    {
        var w = Words(Normalise(text[item.Span.End..Math.Min(text.Length, item.Span.End + 40)])).FirstOrDefault(w => !Stop.Contains(w));
        return w is null ? null : w.Length > 3 && w.EndsWith('s') ? w[..^1] : w;
    }

    /// <summary>An acronym that is also an ordinary word in lower case ("WHO", "US", "IT"): "Covid" stays "COVID".</summary>
    static bool Acronym(string form) => form.Length <= 4 && form.All(char.IsUpper) && WordAcronyms.Contains(form);

    // Organisations and countries written as a word: not the emphasis of a social-media claim ("CO2 causes warming AND …").
    static readonly HashSet<string> WordAcronyms = new(StringComparer.Ordinal) { "WHO", "US", "IT", "AIM", "ACT", "ARM", "CAT", "FED" };

    static readonly HashSet<string> GenericHeads = new(StringComparer.Ordinal)
    {
        "Council", "Union", "Party", "Group", "Bank", "Company", "Ministry", "Agency", "Office", "Department", "Court", "Assembly", "Commission",
        "University", "Institute", "Association", "Committee", "Service", "Fund", "Organization", "Organisation", "Parliament",
    };

    static List<string> Words(string text) => [.. WordPattern().Matches(text).Select(m => m.Value)];

    /// <summary>Lower case, curly quotes and dashes made plain, whitespace collapsed.</summary>
    public static string Normalise(string text) =>
        Spaces().Replace(text.ToLowerInvariant().Replace('’', '\'').Replace('‘', '\'').Replace('“', '"').Replace('”', '"').Replace('–', '-').Replace('—', '-'), " ");

    /// <summary>Whether <paramref name="needle"/> stands in <paramref name="haystack"/> as whole words (a possessive "'s" may follow).</summary>
    static bool ContainsWord(string haystack, string needle)
    {
        if (needle.Length == 0) return false;
        for (var at = haystack.IndexOf(needle, StringComparison.Ordinal); at >= 0; at = haystack.IndexOf(needle, at + 1, StringComparison.Ordinal))
        {
            var end = at + needle.Length;
            if ((at == 0 || !char.IsLetterOrDigit(haystack[at - 1])) && (end == haystack.Length || !char.IsLetterOrDigit(haystack[end]) || haystack[end..].StartsWith("'s", StringComparison.Ordinal)))
                return true;
        }
        return false;
    }

    [GeneratedRegex(@"\bfrom\s+(?:some\s+|about\s+|around\s+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex FromBefore();

    // "from A to B": the words between end in "to" (a unit or a noun may come first: "from 820 euros to").
    [GeneratedRegex(@"^[^;]{0,40}?\bto\s+(?:some\s+|about\s+|around\s+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex ToBetween();

    // "B, up from A", "B, compared with A": the new value first.
    [GeneratedRegex(@"(?:\b(?:up|down)\s+from|\bcompared\s+(?:with|to)|\bagainst)\s+(?:some\s+|about\s+|around\s+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex NewThenOld();

    // "rose to B in the third quarter from A": "to" before the new value, "from" before the old ("600 people from 12
    // countries" is no change).
    [GeneratedRegex(@"\bto\s+(?:some\s+|about\s+|around\s+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex ToBefore();

    [GeneratedRegex(@"\bfrom\s+(?:some\s+|about\s+|around\s+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex FromBetween();

    [GeneratedRegex(@"[.!?;]\s|\n")]
    private static partial Regex SentenceBreak();

    [GeneratedRegex(@"\b(in|to|from|at|near|into|for|of|by|with|against|visited|visit)\s+(?:the\s+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex PrepositionBefore();

    [GeneratedRegex(@"[0-9][0-9,]*(?:\.[0-9]+)?")]
    private static partial Regex Digits();

    [GeneratedRegex(@"\bsince\s+(?:the\s+)?(?<y>(?:1[89]|20)[0-9][0-9])\b(?!s)", RegexOptions.IgnoreCase)]
    private static partial Regex Since();

    [GeneratedRegex(@"^[A-Z][A-Z .'-]+,\s+[^-–—(]{3,40}?[0-9]{4}")]
    private static partial Regex DatelineDate();

    [GeneratedRegex(@"[\p{L}0-9]+(?:'[\p{L}]+)?")]
    private static partial Regex WordPattern();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
