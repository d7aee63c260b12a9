using System.Collections.Frozen;
using System.Text.RegularExpressions;
using FactCheck.Analysis.Text;

namespace FactCheck.Analysis.Claims;

public enum EntityKind { Person, Organization, Place }

/// <summary>A named entity mentioned in a claim; <see cref="Name"/> is its canonical form ("Russia" for "Russian").</summary>
public sealed record EntityMention(TextSpan Span, string Text, string Name, EntityKind Kind);

/// <summary>
/// Named entities from capitalised sequences, typed by gazetteers (countries, demonyms, cities,
/// organisations), by titles before a name ("President", "Secretary of State"), by organisation
/// suffixes and acronyms; a single surname counts as the person named in full earlier in the text.
/// </summary>
public static partial class Entities
{
    static readonly FrozenDictionary<string, string> Demonyms = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Russian"] = "Russia", ["North Korean"] = "North Korea", ["South Korean"] = "South Korea", ["Korean"] = "Korea",
        ["American"] = "United States", ["Chinese"] = "China", ["Ukrainian"] = "Ukraine", ["British"] = "United Kingdom",
        ["French"] = "France", ["German"] = "Germany", ["Japanese"] = "Japan", ["Iranian"] = "Iran", ["Israeli"] = "Israel",
        ["Palestinian"] = "Palestine", ["Indian"] = "India", ["Syrian"] = "Syria", ["Turkish"] = "Turkey", ["Canadian"] = "Canada",
        ["Mexican"] = "Mexico", ["Brazilian"] = "Brazil", ["Italian"] = "Italy", ["Spanish"] = "Spain", ["Polish"] = "Poland",
        ["European"] = "Europe", ["Western"] = "the West", ["Soviet"] = "Soviet Union", ["Belarusian"] = "Belarus",
        ["Saudi"] = "Saudi Arabia", ["Egyptian"] = "Egypt", ["Iraqi"] = "Iraq", ["Afghan"] = "Afghanistan", ["Pakistani"] = "Pakistan",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    static readonly FrozenSet<string> Places = FrozenSet.ToFrozenSet(
    [
        "Russia", "North Korea", "South Korea", "Korea", "United States", "US", "U.S.", "USA", "America", "China", "Ukraine",
        "United Kingdom", "UK", "Britain", "France", "Germany", "Japan", "Iran", "Israel", "Gaza", "India", "Syria", "Turkey",
        "Canada", "Mexico", "Brazil", "Italy", "Spain", "Poland", "Europe", "Asia", "Africa", "Belarus", "Taiwan", "Crimea",
        "Pyongyang", "Moscow", "Seoul", "Beijing", "Kyiv", "Kiev", "Washington", "London", "Paris", "Berlin", "Tokyo",
        "Brussels", "New York", "Geneva", "Hempstead", "Virginia", "California", "Texas", "Florida", "Ohio", "Iowa",
        "Korean peninsula", "Korean Peninsula", "the West", "West", "Middle East", "Saudi Arabia", "Egypt", "Iraq", "Afghanistan",
        "Pakistan", "Vietnam", "Cuba", "Venezuela", "Australia", "Hofstra University",
    ], StringComparer.Ordinal);

    static readonly FrozenSet<string> Organizations = FrozenSet.ToFrozenSet(
    [
        "Kremlin", "White House", "Pentagon", "NATO", "UN", "United Nations", "EU", "European Union", "Congress", "Senate",
        "State Department", "Security Council", "IAEA", "WHO", "IMF", "World Bank", "Federal Reserve", "Supreme Court",
        "Democrats", "Republicans", "Democratic Party", "Republican Party", "Labour", "Conservatives", "CIA", "FBI", "NASA",
        "Reuters", "AP", "BBC", "CNN", "NBC", "Fox News", "KCNA", "TASS", "Google", "Facebook", "Apple", "Microsoft", "Amazon",
        "Aurus", "Medicare", "Medicaid", "Obamacare", "ISIS", "Hamas", "Hezbollah", "Taliban", "OPEC", "G7", "G20",
    ], StringComparer.Ordinal);

    static readonly FrozenSet<string> Titles = FrozenSet.ToFrozenSet(
    [
        "President", "leader", "Leader", "Prime Minister", "Minister", "Secretary", "Secretary of State", "Senator", "Sen.",
        "Governor", "Gov.", "Mayor", "Chancellor", "King", "Queen", "Prince", "Pope", "General", "Gen.", "Mr.", "Mrs.", "Ms.",
        "Dr.", "Professor", "Prof.", "Rep.", "Representative", "Ambassador", "Chairman", "Director", "Judge", "Justice",
        "spokesman", "spokeswoman", "spokesperson", "CEO", "Vice President", "Foreign Minister", "Defence Minister", "Defense Secretary",
    ], StringComparer.Ordinal);

    static readonly FrozenSet<string> NotNames = FrozenSet.ToFrozenSet(
    [
        "The", "A", "An", "This", "That", "These", "Those", "It", "He", "She", "They", "We", "I", "In", "On", "At", "As", "During",
        "While", "After", "Before", "When", "If", "But", "And", "Or", "So", "Yet", "Describing", "According", "Related", "Sources",
        "Source", "However", "Meanwhile", "Also", "Both", "Its", "Their", "His", "Her", "Our", "Your", "My", "There", "Here",
        "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March", "April",
        "May", "June", "July", "August", "September", "October", "November", "December", "Secretary", "State", "President",
        "Prime", "Minister", "Mr", "Mrs", "Ms", "Dr", "Today", "Yesterday", "In response",
    ], StringComparer.Ordinal);

    static readonly string[] OrganizationSuffixes =
    [
        "Inc", "Inc.", "Corp", "Corp.", "Ltd", "Company", "Ministry", "Party", "University", "Commission", "Council", "Agency",
        "Bank", "News", "Times", "Post", "Department", "Committee", "Institute", "Association", "Foundation", "Organization",
        "Organisation", "Union", "Army", "Navy", "Parliament", "Assembly", "Court", "Office", "Group", "Service", "Fund",
    ];

    public static IReadOnlyList<EntityMention> Find(string text, TextSpan within, ISet<string>? knownPeople = null)
    {
        var slice = within.Slice(text);
        var result = new List<EntityMention>();
        foreach (Match m in CapitalisedSequence().Matches(slice))
        {
            // The run is walked by offsets, never copied: peeling one word at a time off a long run ("U.S. U.S. …",
            // 40,000 times) stays linear.
            var start = m.Index;
            var end = m.Index + m.Length;
            // "Russia." at the end of a sentence, but "U.S." keeps its periods.
            if (slice[end - 1] == '.' && slice.AsSpan(start, m.Length).IndexOf('.') == m.Length - 1) end--;
            string? title = null;
            // Peel off what precedes a name: titles ("Secretary of State"), places and demonyms ("US", "Russian"),
            // and words that only start the sentence ("The", "Describing").
            while (start < end)
            {
                var value = slice.AsSpan(start, end - start);
                var prefix = LongestPrefix(value, OrderedTitles);
                if (prefix is not null)
                {
                    title = prefix;
                    start = Skip(slice, start + prefix.Length, end);
                    continue;
                }
                prefix = LongestPrefix(value, OrderedPlaces);
                if (prefix is not null && prefix.Length < value.Length)
                {
                    Add(start, prefix, Demonyms.TryGetValue(prefix, out var c) ? c : prefix, EntityKind.Place);
                    start = Skip(slice, start + prefix.Length, end);
                    continue;
                }
                var space = value.IndexOf(' ');
                var first = space < 0 ? value : value[..space];
                if (NotNames.GetAlternateLookup<ReadOnlySpan<char>>().Contains(first))
                {
                    start = space < 0 ? end : Skip(slice, start + space, end);
                    continue;
                }
                break;
            }
            if (start >= end) continue;
            var name = slice[start..end];
            if (name.EndsWith("'s", StringComparison.Ordinal) || name.EndsWith("’s", StringComparison.Ordinal)) name = name[..^2];
            if (name.Length < 2) continue;

            if (Demonyms.TryGetValue(name, out var country)) Add(start, name, country, EntityKind.Place);
            else if (Places.Contains(name)) Add(start, name, name, EntityKind.Place);
            else if (Organizations.Contains(name) || OrganizationSuffixes.Any(s => name.EndsWith(" " + s, StringComparison.Ordinal)) || IsAcronym(name))
                Add(start, name, name, EntityKind.Organization);
            else if (title is not null || name.Contains(' ', StringComparison.Ordinal) || knownPeople?.Contains(name) == true || PrecededByTitle(slice, start))
                Add(start, name, name, EntityKind.Person);
            else if (m.Index > 0 || slice.Length > name.Length)
                Add(start, name, name, EntityKind.Organization);
        }
        return result;

        void Add(int start, string value, string name, EntityKind kind)
        {
            // Mentions are found left to right, so only the last one can overlap.
            var span = new TextSpan(within.Start + start, within.Start + start + value.Length);
            if (result.Count == 0 || !result[^1].Span.Overlaps(span)) result.Add(new EntityMention(span, value, name, kind));
        }
    }

    /// <summary>Each person's surname and given name alone, so later mentions ("Putin") resolve to people.</summary>
    public static void CollectPeople(IEnumerable<EntityMention> mentions, ISet<string> into)
    {
        foreach (var e in mentions.Where(e => e.Kind == EntityKind.Person))
        {
            into.Add(e.Name);
            foreach (var part in e.Name.Split(' ')) if (part.Length > 1) into.Add(part);
        }
    }

    static readonly string[] OrderedTitles = [.. Titles.OrderByDescending(t => t.Length)];
    static readonly string[] OrderedPlaces = [.. Places.Concat(Demonyms.Keys).OrderByDescending(t => t.Length)];

    // A whole-word prefix of value from candidates (longest first).
    static string? LongestPrefix(ReadOnlySpan<char> value, string[] candidates)
    {
        foreach (var c in candidates)
            if (value.StartsWith(c, StringComparison.Ordinal) && (value.Length == c.Length || value[c.Length] == ' ')) return c;
        return null;
    }

    // The offset of the next word at or after from (spaces skipped), at most end.
    static int Skip(string slice, int from, int end)
    {
        while (from < end && char.IsWhiteSpace(slice[from])) from++;
        return from;
    }

    static bool IsAcronym(string value) => value.Length is >= 2 and <= 6 && value.All(c => char.IsUpper(c) || c == '.');

    static bool PrecededByTitle(string slice, int start)
    {
        var before = slice.AsSpan(0, start).TrimEnd();
        foreach (var t in OrderedTitles)
            if (before.EndsWith(t, StringComparison.Ordinal)) return true;
        return false;
    }

    // Runs of capitalised words, joined by spaces, hyphens ("Jong-un") and "of" ("Secretary of State").
    [GeneratedRegex(@"\b[A-Z][\p{L}.'’]*(?:-[\p{L}]+)*(?:\s+(?:of\s+)?[A-Z][\p{L}.'’]*(?:-[\p{L}]+)*)*")]
    private static partial Regex CapitalisedSequence();
}
