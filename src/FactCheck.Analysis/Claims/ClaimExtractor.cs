using System.Text.RegularExpressions;
using FactCheck.Analysis.Citations;
using FactCheck.Analysis.Text;

namespace FactCheck.Analysis.Claims;

/// <summary>Options of claim extraction.</summary>
public sealed record ClaimExtractionOptions
{
    public static readonly ClaimExtractionOptions Default = new();

    /// <summary>
    /// A sentence or clause scoring at least this is a claim. On unseen CLEF 2019 debates (out of fold), the stacked
    /// score at 0.4 keeps 78% of the check-worthy sentences while flagging 28% of all (the feature model alone kept 75%
    /// at 0.3, flagging 38%), and it flags 94–99.5% of the claims fact-checkers checked (news-claims-dev, Climate-FEVER,
    /// AVeriTeC): fact-checkers would rather dismiss a claim than never see it. The rules-only path (no encoder) scores
    /// lower: 0.3 suits it.
    /// </summary>
    public double Threshold { get; init; } = 0.4;

    /// <summary>Split sentences that assert several independent facts into clauses.</summary>
    public bool SplitClauses { get; init; } = true;
}

/// <summary>
/// Turns a text into scored sentences and annotated, check-worthy claims with exact spans: segmentation,
/// the learned check-worthiness model, claim types, entities, numbers, speakers, clause splitting and
/// citation links. Pure and thread-safe.
/// </summary>
public sealed partial class ClaimExtractor(CheckWorthinessModel model)
{
    /// <summary>Below this many words a sentence is not a claim ("Thank you.", "• Source 1").</summary>
    const int MinimumWords = 4;

    public static ClaimExtractor CreateDefault() => new(CheckWorthinessModel.LoadEmbedded());

    public CheckWorthinessModel Model => model;

    /// <summary>Scores every sentence of <paramref name="text"/> without extracting claims (the check-worthiness API).</summary>
    public IReadOnlyList<ScoredSentence> Score(string text, ClaimExtractionOptions? options = null, CancellationToken cancellationToken = default) =>
        Analyze(text, 0, options, cancellationToken: cancellationToken).Sentences;

    /// <param name="links">Links inside the text (from HTML) and the source each points to: the sentence holding one cites it.</param>
    /// <param name="cancellationToken">Checked between sentences: a request timeout stops long analyses (every step is linear in the text).</param>
    public TextAnalysis Analyze(string text, int sourceCount = 0, ClaimExtractionOptions? options = null,
        IReadOnlyList<(TextSpan Span, int SourceIndex)>? links = null, CancellationToken cancellationToken = default)
    {
        options ??= ClaimExtractionOptions.Default;
        var spans = SentenceSegmenter.Split(text);
        var sourceListStart = SourceListStart(text, spans);
        var sentences = new List<ScoredSentence>(spans.Count);
        var claims = new List<ExtractedClaim>();
        var people = new HashSet<string>(StringComparer.Ordinal);
        var explicitLinks = new List<List<CitationLink>>();

        // A marker opening a sentence cites the previous one ("… attack. [2] Next …"): it is cut from the sentence.
        // What the rules decide comes first, so the encoder reads only the sentences left to a model, in one call.
        var leading = new int[spans.Count];
        var rules = new (double Score, string Reason)?[spans.Count];
        for (var index = 0; index < spans.Count; index++)
        {
            if (index > 0) leading[index] = CitationMarkers.LeadingMarkerLength(text, spans[index]);
            var body = spans[index] with { Start = spans[index].Start + leading[index] };
            rules[index] = RuleVerdict(body.Slice(text), sourceListStart is { } s && body.Start >= s);
        }
        var learned = LearnedLogits(text, spans, leading, rules, cancellationToken);

        for (var index = 0; index < spans.Count; index++)
        {
            if (index % 16 == 0) cancellationToken.ThrowIfCancellationRequested();
            var span = spans[index];
            if (leading[index] > 0)
            {
                explicitLinks[^1].AddRange(CitationMarkers.Find(text, new TextSpan(span.Start, span.Start + leading[index]), sourceCount)
                    .Where(l => !explicitLinks[^1].Exists(x => x.SourceIndex == l.SourceIndex)));
                span = span with { Start = span.Start + leading[index] };
            }
            var sentence = span.Slice(text);
            var scored = ScoreSentence(sentence, span, rules[index], options, learned?[index]);
            sentences.Add(scored);
            // "• Source 1" in a list of sources names a source without citing it for anything.
            var listsSources = scored is { Type: ClaimType.NonClaim, Score: 0 };
            var found = listsSources ? [] : CitationMarkers.Find(text, span, sourceCount);
            foreach (var (linkSpan, sourceIndex) in links ?? [])
            {
                if (!listsSources && span.Contains(linkSpan.Start) && sourceIndex < sourceCount && !found.Exists(l => l.SourceIndex == sourceIndex))
                    found.Add(new CitationLink(sourceIndex, CitationKind.InlineLink, linkSpan));
            }
            explicitLinks.Add(found);
        }

        // People named in full anywhere ("Vladimir Putin") make later surnames ("Putin") people too.
        // Headings are skipped: title case makes every word look like a name.
        foreach (var sentence in sentences.Where(s => s.Type != ClaimType.NonClaim))
            Entities.CollectPeople(Entities.Find(text, sentence.Span, people), people);

        // Sources the body never cites explicitly are candidates for every claim, to be confirmed by evidence.
        var citedAnywhere = explicitLinks.SelectMany(l => l).Select(l => l.SourceIndex).ToHashSet();
        var articleLevel = Enumerable.Range(0, sourceCount).Where(i => !citedAnywhere.Contains(i))
            .Select(i => new CitationLink(i, CitationKind.ArticleLevel)).ToList();

        for (var index = 0; index < sentences.Count; index++)
        {
            if (index % 16 == 0) cancellationToken.ThrowIfCancellationRequested();
            var sentence = sentences[index];
            if (!sentence.IsClaim) continue;
            var clauses = options.SplitClauses ? ClauseSplitter.Split(text, sentence.Span) : [sentence.Span];
            // Every clause of a check-worthy sentence is kept, each scored on its own words.
            foreach (var clause in clauses)
            {
                var clauseText = clause.Slice(text);
                var stripped = CitationMarkers.Strip(clauseText);
                // A clause keeps its sentence's learned logit (read in context) and adds its own features.
                var score = clauses.Count == 1 ? sentence.Score : Adjust(model.Score(stripped, null, learned?[index]), ClaimTypes.Classify(stripped, [], null));
                claims.Add(Annotate(text, clause, index, score, sentence.Reasons, people,
                    Merge(explicitLinks[index], clause, clauses, articleLevel, sourceCount)));
            }
        }
        return new TextAnalysis(sentences, claims);
    }

    /// <summary>
    /// The whole text as one claim, whatever its check-worthiness (a claim sent to be checked on its own),
    /// annotated like any other; every source counts as explicitly cited for it.
    /// </summary>
    public ExtractedClaim AnalyzeWhole(string text, int sourceCount)
    {
        var start = 0;
        var end = text.Length;
        while (start < end && char.IsWhiteSpace(text[start])) start++;
        while (end > start && char.IsWhiteSpace(text[end - 1])) end--;
        var span = new TextSpan(start, end);
        var stripped = CitationMarkers.Strip(span.Slice(text));
        var score = Adjust(model.Score(stripped, null, model.LearnedLogits([("", stripped)])?[0]), ClaimTypes.Classify(stripped, [], null));
        var people = new HashSet<string>(StringComparer.Ordinal);
        Entities.CollectPeople(Entities.Find(text, span, people), people);
        var links = Enumerable.Range(0, sourceCount).Select(i => new CitationLink(i, CitationKind.Explicit)).ToList();
        return Annotate(text, span, 0, score, model.Reasons(stripped, null), people, links);
    }

    /// <summary>
    /// The encoder's logits of every sentence the rules leave to the model (null for the others, and all null on the
    /// rules-only path), each with the sentence before it (which a model trained on the sentence alone ignores): one call
    /// per text.
    /// </summary>
    float?[]? LearnedLogits(string text, List<TextSpan> spans, int[] leading, (double, string)?[] rules, CancellationToken cancellationToken)
    {
        if (model.Encoder is null) return null;
        var wanted = new List<int>();
        var inputs = new List<(string Previous, string Sentence)>();
        var previous = "";
        for (var index = 0; index < spans.Count; index++)
        {
            var stripped = CitationMarkers.Strip((spans[index] with { Start = spans[index].Start + leading[index] }).Slice(text));
            if (rules[index] is null)
            {
                wanted.Add(index);
                inputs.Add((previous, stripped));
            }
            previous = stripped;
        }
        var logits = model.LearnedLogits(inputs, cancellationToken);
        var result = new float?[spans.Count];
        for (var i = 0; i < wanted.Count && logits is not null; i++) result[wanted[i]] = logits[i];
        return result;
    }

    /// <summary>What the rules decide before any model: a source list, too few words, a heading; null leaves it to the model.</summary>
    static (double Score, string Reason)? RuleVerdict(string sentence, bool inSourceList)
    {
        if (inSourceList || SourceLine().IsMatch(sentence)) return (0, "lists sources");
        if (Word().Count(sentence) < MinimumWords) return (0.01, $"fewer than {MinimumWords} words");
        if (IsHeading(sentence)) return (0.05, "a heading");
        return null;
    }

    ScoredSentence ScoreSentence(string sentence, TextSpan span, (double Score, string Reason)? ruleVerdict, ClaimExtractionOptions options, float? learnedLogit)
    {
        if (ruleVerdict is { } rule)
            return new ScoredSentence(span, sentence, rule.Score, false, ClaimType.NonClaim, [rule.Reason]);

        var stripped = CitationMarkers.Strip(sentence);
        var probability = model.Score(stripped, null, learnedLogit);
        var type = ClaimTypes.Classify(stripped, Numbers.Find(stripped, new TextSpan(0, stripped.Length)), speaker: null);
        var reasons = model.Reasons(stripped, null).ToList();
        var score = Adjust(probability, type);
        if (type == ClaimType.Question) { reasons.Insert(0, "a question"); return new ScoredSentence(span, sentence, Math.Round(score, 4), false, type, reasons); }
        if (type == ClaimType.Opinion) reasons.Insert(0, "an opinion");
        if (type == ClaimType.Prediction) reasons.Insert(0, "a prediction");
        return new ScoredSentence(span, sentence, Math.Round(score, 4), score >= options.Threshold, type, reasons);
    }

    // Questions, opinions and predictions are not checkable as stated facts: they keep a reduced score.
    static double Adjust(double probability, ClaimType type) =>
        type switch
        {
            ClaimType.Question => probability * 0.3,
            ClaimType.Opinion or ClaimType.Prediction => probability * 0.6,
            _ => probability,
        };

    static ExtractedClaim Annotate(string text, TextSpan span, int sentenceIndex, double score, IReadOnlyList<string> reasons,
        HashSet<string> people, IReadOnlyList<CitationLink> citations)
    {
        var entities = Entities.Find(text, span, people);
        Entities.CollectPeople(entities, people);
        var numbers = Numbers.Find(text, span);
        var clauseText = span.Slice(text);
        var speaker = ClaimTypes.Speaker(clauseText, span.Start, entities);
        if (speaker is not null && !speaker.Contains(' ', StringComparison.Ordinal))
            speaker = people.FirstOrDefault(p => p.Contains(' ', StringComparison.Ordinal) && p.Split(' ').Contains(speaker)) ?? speaker;
        var stripped = CitationMarkers.Strip(clauseText);
        var type = ClaimTypes.Classify(stripped, numbers, speaker);
        return new ExtractedClaim(span, clauseText, sentenceIndex, Math.Round(score, 4), type, reasons, entities, numbers, speaker,
            citations, stripped.ToLowerInvariant());
    }

    static List<CitationLink> Merge(List<CitationLink> sentenceLinks, TextSpan clause, IReadOnlyList<TextSpan> clauses, List<CitationLink> articleLevel, int sourceCount)
    {
        // A marker inside one clause cites that clause; a marker outside every clause (a trailing one) cites all of them.
        var links = sentenceLinks.Where(l => l.MarkerSpan is not { } m || clause.Contains(m.Start) || !clauses.Any(c => c.Contains(m.Start))).ToList();
        // A claim that cites nothing is checked against every source of the article (each to be confirmed by
        // evidence); one that cites some is also checked against the sources nobody cites.
        links.AddRange(links.Count == 0 ? Enumerable.Range(0, sourceCount).Select(i => new CitationLink(i, CitationKind.ArticleLevel)) : articleLevel);
        return links;
    }

    static bool IsHeading(string sentence)
    {
        var trimmed = sentence.TrimEnd();
        if (trimmed.Length == 0 || ".!?\"”'’:;)".Contains(trimmed[^1], StringComparison.Ordinal)) return false;
        var words = Word().Matches(sentence);
        var capitalised = words.Count(w => char.IsUpper(w.Value[0]));
        return capitalised * 2 > words.Count;
    }

    /// <summary>Where a trailing "Sources:" / "Related Sources:" section starts, if the text has one.</summary>
    static int? SourceListStart(string text, List<TextSpan> sentences)
    {
        for (var i = sentences.Count - 1; i >= Math.Max(0, sentences.Count - 60); i--)
            if (SourceHeading().IsMatch(sentences[i].Slice(text))) return sentences[i].Start;
        return null;
    }

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Word();

    [GeneratedRegex(@"^\W*(?:related\s+|further\s+|other\s+)?(?:sources|references|links|further reading)\s*:?", RegexOptions.IgnoreCase)]
    private static partial Regex SourceHeading();

    [GeneratedRegex(@"^\W*(?:source\s+\d+\W*)+$", RegexOptions.IgnoreCase)]
    private static partial Regex SourceLine();
}
