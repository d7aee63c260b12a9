using System.Globalization;
using System.Text.RegularExpressions;
using FactCheck.Analysis.Text;

namespace FactCheck.Analysis.Claims;

/// <summary>What a number measures.</summary>
public enum QuantityKind { Count, Percent, Money, Year, Date, Ordinal, Measure }

/// <summary>
/// A number, date or quantity found in a text, normalised: "three" is 3, "1.2 million" is 1200000,
/// "40%" is 0.4 (kind percent), "$5bn" is 5000000000 (kind money, unit USD), "19 June 2024" is 2024-06-19.
/// </summary>
/// <remarks><see cref="Alternative"/> is the other reading of a date written in digits whose day and month could be either
/// way round ("08/04/2020": 8 April, or August 4 as a US reader takes it); <see cref="Value"/> and <see cref="Date"/>
/// hold the day-first reading.</remarks>
public sealed record NumberMention(TextSpan Span, string Text, double Value, QuantityKind Kind, string? Unit = null, string? Date = null, double? Alternative = null);

public static partial class Numbers
{
    static readonly Dictionary<string, double> Words = new(StringComparer.OrdinalIgnoreCase)
    {
        ["zero"] = 0, ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6, ["seven"] = 7,
        ["eight"] = 8, ["nine"] = 9, ["ten"] = 10, ["eleven"] = 11, ["twelve"] = 12, ["thirteen"] = 13, ["fourteen"] = 14,
        ["fifteen"] = 15, ["sixteen"] = 16, ["seventeen"] = 17, ["eighteen"] = 18, ["nineteen"] = 19, ["twenty"] = 20,
        ["thirty"] = 30, ["forty"] = 40, ["fifty"] = 50, ["sixty"] = 60, ["seventy"] = 70, ["eighty"] = 80, ["ninety"] = 90,
        ["hundred"] = 100, ["thousand"] = 1000, ["dozen"] = 12, ["half"] = 0.5, ["twice"] = 2, ["both"] = 2,
    };

    static readonly Dictionary<string, double> Scales = new(StringComparer.OrdinalIgnoreCase)
    {
        ["hundred"] = 100, ["thousand"] = 1e3, ["k"] = 1e3, ["million"] = 1e6, ["m"] = 1e6, ["mn"] = 1e6, ["mln"] = 1e6,
        ["billion"] = 1e9, ["bn"] = 1e9, ["b"] = 1e9, ["trillion"] = 1e12, ["tn"] = 1e12,
    };

    static readonly string[] Months = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

    public static IReadOnlyList<NumberMention> Find(string text, TextSpan within)
    {
        var slice = within.Slice(text);
        var result = new List<NumberMention>();
        // Which characters a mention already covers: an overlap test that stays linear however many numbers the text
        // holds ("No. 5 " 60,000 times). Citation markers ("… by 9% [2]") hold source numbers, not quantities.
        var taken = new System.Collections.BitArray(slice.Length);
        foreach (var marker in Citations.CitationMarkers.Spans(slice))
            for (var i = marker.Start; i < marker.End; i++) taken[i] = true;

        foreach (Match m in DateDayMonthYear().Matches(slice)) AddDate(m, int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture), m.Groups["m"].Value, m.Groups["y"].Value);
        foreach (Match m in DateMonthDayYear().Matches(slice)) AddDate(m, int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture), m.Groups["m"].Value, m.Groups["y"].Value);
        foreach (Match m in DateIso().Matches(slice)) AddNumericDate(m, int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture), null);
        // "08/04/2020", "8.4.2020": day first, as most of the world writes it, unless the second number cannot be a month
        // ("04/28/2020"); when both can be either, the other reading is kept too.
        foreach (Match m in DateDigits().Matches(slice))
        {
            var a = int.Parse(m.Groups["a"].Value, CultureInfo.InvariantCulture);
            var b = int.Parse(m.Groups["b"].Value, CultureInfo.InvariantCulture);
            if (b > 12) AddNumericDate(m, b, a, null);
            else AddNumericDate(m, a, b, a <= 12 && a != b ? b : null);
        }

        foreach (Match m in Quantity().Matches(slice))
        {
            if (Overlaps(m)) continue;
            var number = double.Parse(m.Groups["n"].Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
            var scale = m.Groups["s"].Success ? Scales[m.Groups["s"].Value.Trim()] : 1;
            var value = number * scale;
            var currency = m.Groups["c"].Success ? Currency(m.Groups["c"].Value) : m.Groups["cw"].Success ? Currency(m.Groups["cw"].Value) : null;
            if (m.Groups["p"].Success) Add(m, value / 100, QuantityKind.Percent, "percent");
            else if (currency is not null) Add(m, value, QuantityKind.Money, currency);
            else if (m.Groups["o"].Success) Add(m, value, QuantityKind.Ordinal);
            else if (!m.Groups["s"].Success && value is >= 1800 and <= 2100 && number == Math.Floor(number) && !m.Groups["n"].Value.Contains(',', StringComparison.Ordinal))
            {
                // A decade or century ("the 1990s", "since the 1800s") is no year to compare: AVeriTeC's "executed in 1944"
                // was refuted by "since the 1800s".
                if (!IsDecade(slice, m.Index + m.Length)) Add(m, value, QuantityKind.Year, null, m.Groups["n"].Value);
            }
            else if (m.Groups["u"].Success) Add(m, value, QuantityKind.Measure, m.Groups["u"].Value.ToLowerInvariant());
            else Add(m, value, QuantityKind.Count);
        }

        foreach (Match m in WordNumber().Matches(slice))
        {
            if (Overlaps(m)) continue;
            double value = 0, current = 0;
            foreach (var part in m.Groups["w"].Value.Split([' ', '-'], StringSplitOptions.RemoveEmptyEntries))
            {
                if (part.Equals("and", StringComparison.OrdinalIgnoreCase)) continue;
                if (Scales.TryGetValue(part, out var scale) && part.Length > 2)
                {
                    current = (current == 0 ? 1 : current) * scale;
                    if (scale >= 1000) { value += current; current = 0; }
                }
                else if (Words.TryGetValue(part, out var w)) current += w;
            }
            value += current;
            if (m.Groups["p"].Success) Add(m, value / 100, QuantityKind.Percent, "percent");
            else Add(m, value, QuantityKind.Count);
        }

        result.Sort((a, b) => a.Span.Start.CompareTo(b.Span.Start));
        return result;

        bool Overlaps(Match m)
        {
            for (var i = m.Index; i < m.Index + m.Length; i++)
                if (taken[i]) return true;
            return false;
        }

        void Add(Match m, double value, QuantityKind kind, string? unit = null, string? date = null)
        {
            var matched = m.Value.TrimEnd(' ', '-', '\t');
            var span = new TextSpan(within.Start + m.Index, within.Start + m.Index + matched.Length);
            for (var i = m.Index; i < m.Index + matched.Length; i++) taken[i] = true;
            result.Add(new NumberMention(span, matched, value, kind, unit, date));
        }

        void AddDate(Match m, int day, string month, string year)
        {
            if (Overlaps(m)) return;
            var monthNumber = Array.FindIndex(Months, x => x.StartsWith(month.ToLowerInvariant()[..3], StringComparison.Ordinal)) + 1;
            var y = int.Parse(year, CultureInfo.InvariantCulture);
            if (monthNumber < 1 || day < 1 || day > DateTime.DaysInMonth(y, monthNumber)) return;
            var iso = new DateOnly(y, monthNumber, day).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            Add(m, y * 10000 + monthNumber * 100 + day, QuantityKind.Date, null, iso);
        }

        // A date in digits; alternativeDay: the day when month and day are read the other way round.
        void AddNumericDate(Match m, int day, int month, int? alternativeDay)
        {
            if (Overlaps(m)) return;
            var y = int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture);
            if (y is < 1000 or > 2999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(y, month)) return;
            var iso = new DateOnly(y, month, day).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            // The other reading: month `day`, day `alternativeDay` (both at most 12, so always a real date).
            double? alternative = alternativeDay is { } d ? y * 10000 + day * 100 + d : null;
            Add(m, y * 10000 + month * 100 + day, QuantityKind.Date, null, iso);
            if (alternative is not null) result[^1] = result[^1] with { Alternative = alternative };
        }
    }

    static string Currency(string symbol) => symbol.Trim().ToLowerInvariant() switch
    {
        "$" or "us$" or "usd" or "dollar" or "dollars" => "USD",
        "€" or "eur" or "euro" or "euros" => "EUR",
        "£" or "gbp" or "pound" or "pounds" => "GBP",
        "¥" or "yen" => "JPY",
        "rubles" or "roubles" or "ruble" or "rouble" => "RUB",
        var other => other.ToUpperInvariant(),
    };

    // Not a number: digits joined by a hyphen to a name ("COVID-19", "F-35", "G-20", "MH-17"); "mid-2019" stays one.
    [GeneratedRegex(@"(?<![\w.])(?<!\b(?-i:[A-Za-z]*[A-Z][A-Za-z]*)-)(?<c>US\$|\$|€|£|¥)?\s?(?<n>[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)(?<o>st|nd|rd|th)?(?:\s?(?<s>hundred|thousand|million|billion|trillion|mln|bn|tn|k|m|b)\b)?\s?(?:(?<p>%|per ?cent\b|percentage points?\b)|(?<cw>dollars|euros|pounds|rubles|roubles|yen)\b|(?<u>km|kilometres|kilometers|miles|kg|tonnes|tons|people|troops|soldiers|years|days|hours|months|weeks)\b)?", RegexOptions.IgnoreCase)]
    private static partial Regex Quantity();

    [GeneratedRegex(@"\b(?<w>(?:(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|trillion|dozen|half|twice)(?:[\s-]+(?:and[\s-]+)?)?)+)(?<p>\s?per ?cent)?\b", RegexOptions.IgnoreCase)]
    private static partial Regex WordNumber();

    static bool IsDecade(string text, int end)
    {
        if (end < text.Length && text[end] == '\'') end++;
        return end < text.Length && text[end] == 's' && (end + 1 == text.Length || !char.IsLetterOrDigit(text[end + 1]));
    }

    [GeneratedRegex(@"\b(?<d>[0-9]{1,2})(?:st|nd|rd|th)?\s+(?<m>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?,?\s+(?<y>[0-9]{4})\b")]
    private static partial Regex DateDayMonthYear();

    [GeneratedRegex(@"\b(?<m>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?\s+(?<d>[0-9]{1,2})(?:st|nd|rd|th)?,?\s+(?<y>[0-9]{4})\b")]
    private static partial Regex DateMonthDayYear();

    [GeneratedRegex(@"(?<![\w./-])(?<y>[0-9]{4})-(?<m>[0-9]{2})-(?<d>[0-9]{2})(?![\w/-]|\.[0-9])")]
    private static partial Regex DateIso();

    // The same separator twice: "08/04/2020", "8.4.2020", "08-04-2020"; not a fraction or a version ("1/2", "3.4.1").
    [GeneratedRegex(@"(?<![\w./-])(?<a>[0-9]{1,2})(?<sep>[/.-])(?<b>[0-9]{1,2})\k<sep>(?<y>[0-9]{4})(?![\w/-]|\.[0-9])")]
    private static partial Regex DateDigits();
}
