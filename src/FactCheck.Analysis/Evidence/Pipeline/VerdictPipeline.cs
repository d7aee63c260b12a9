using FactCheck.Analysis.Citations;
using FactCheck.Analysis.Embeddings;
using FactCheck.Analysis.Evidence.Alignment;
using FactCheck.Analysis.Evidence.Rules;
using FactCheck.Analysis.Text;

namespace FactCheck.Analysis.Evidence.Pipeline;

/// <summary>A source of a claim as the pipeline reads it: its text and the spans quotes may come from (stored passages).</summary>
/// <param name="Passages">Spans of the text an evidence quote may lie in (one stored passage each); empty: the whole text is one.</param>
/// <param name="Title">The source's title, where the claim's items may also be found (with its dateline).</param>
public sealed record PipelineSource(string Label, string Text, IReadOnlyList<TextSpan> Passages, string? Title = null);

/// <summary>A claim to decide: its text (citation markers are stripped), what kind of statement it is, its fetched sources.</summary>
public sealed record PipelineClaim(string Text, Checkability Checkability, IReadOnlyList<PipelineSource> Sources, int UnavailableSources = 0);

/// <summary>A pair the stance reader reads, with the MiniLM vectors of both sides.</summary>
public sealed record PairToRead(string Claim, string Passage, float[] ClaimVector, float[] PassageVector);

/// <summary>What reads a claim against a passage: the cross-encoder (or the earlier learned model, or the rules).</summary>
public interface IStanceReader
{
    /// <summary>The model version, part of the engine version verdicts record.</summary>
    string Version { get; }

    /// <summary>What kind of reader it is ("cross-encoder", "learned model", "rules"), for the reasons evidence rows list.</summary>
    string Kind { get; }

    /// <summary>Passages per source read (the best by BM25 and MiniLM; after the first, only those close enough).</summary>
    int PassagesPerSource { get; }

    /// <summary>Calibrated stance probabilities of each pair.</summary>
    StanceProbabilities[] Read(IReadOnlyList<PairToRead> pairs, CancellationToken cancellationToken);
}

/// <summary>One source's reading of a claim: the passage that decides most, its stance after the rules, the alignment.</summary>
/// <param name="Model">The reader's probabilities before the rules.</param>
/// <param name="Rule">The rule that set the stance, if one did, and <paramref name="Reason"/> the reason it gave.</param>
public sealed record SourceReading(int Source, EvidenceCandidate Passage, StanceResult Stance, StanceProbabilities Model, ClaimAlignment Alignment, string? Rule, double Cosine,
    string? Reason = null);

/// <summary>A claim's verdict and the readings it rests on.</summary>
public sealed record ClaimDecision(AggregateVerdict Verdict, IReadOnlyList<SourceReading> Readings);

/// <summary>
/// The verdict, pure: rank each source's sentences (BM25, then MiniLM), read the best few against the claim (the stance
/// reader), align the claim's checkable items with the source, apply the stance rules in order, and decide by the policy
/// (supported or refuted only when decisive; otherwise not enough evidence with its lean). No database: the API's
/// <c>ClaimVerifier</c> gives it what is stored and writes what it returns; the tools run it on development sets.
/// </summary>
public sealed class VerdictPipeline(IStanceReader reader, Func<IReadOnlyList<string>, float[][]> embed, PolicySettings policy, IReadOnlyList<IStanceRule>? rules = null)
{
    const int CandidatesPerSource = 8;
    const int WholeSourceLength = 600;
    const double SecondPassageCosine = 0.35;
    /// <summary>Around the passage, how much of a long source the items may be found in (with its first lines: dateline, title).</summary>
    const int AlignmentWindow = 300;

    readonly IReadOnlyList<IStanceRule> rules = rules ?? StanceRules.All;

    public PolicySettings Policy => policy;

    /// <summary>The engine version: the reader's model, the rule list and the policy, so a stored verdict says what made it.</summary>
    public string EngineVersion => $"{reader.Version}+rules-{StanceRules.Fingerprint(rules)}+{policy.Tag}";

    public IReadOnlyList<ClaimDecision> Decide(IReadOnlyList<PipelineClaim> claims, CancellationToken cancellationToken = default)
    {
        // 1. Rank: candidates of every claim and source, so all embeddings are computed in one batch.
        var queries = claims.Select(c => CitationMarkers.Strip(c.Text)).ToList();
        // A source cited by many claims is segmented and indexed once.
        var indexes = new Dictionary<string, EvidenceRanker.SourceIndex>(StringComparer.Ordinal);
        var candidates = claims.Select((c, i) => c.Sources.Select(s => Candidates(queries[i], s,
            indexes.TryGetValue(s.Text, out var index) ? index : indexes[s.Text] = EvidenceRanker.Index(s.Text))).ToList()).ToList();
        var all = candidates.SelectMany(c => c.SelectMany(s => s)).ToList();
        // A window's vector is its sentences' (weighted by length), which are embedded anyway or shorter than it.
        var texts = queries.Concat(all.SelectMany(x => x.Parts ?? [x.Text])).Distinct(StringComparer.Ordinal).ToList();
        var vectors = embed(texts);
        var vectorOf = texts.Select((t, i) => (t, i)).ToDictionary(x => x.t, x => vectors[x.i], StringComparer.Ordinal);
        foreach (var window in all.Where(x => x.Parts is not null && !vectorOf.ContainsKey(x.Text)))
            vectorOf[window.Text] = MiniLmEmbedder.Blend([.. window.Parts!.Select(p => (vectorOf[p], p.Length))]);
        var ranked = candidates.Select((perSource, i) => perSource.Select(c => c
                .Select(x => (Candidate: x, Cosine: (double)MiniLmEmbedder.Cosine(vectorOf[queries[i]], vectorOf[x.Text])))
                .OrderByDescending(x => 0.65 * x.Cosine + 0.35 * x.Candidate.Lexical)
                .Where((x, rank) => rank == 0 || x.Cosine >= SecondPassageCosine)
                .Take(reader.PassagesPerSource).ToList()).ToList()).ToList();

        // 2. Read: every pair of the batch at once.
        var pairs = ranked.SelectMany((perSource, i) => perSource.SelectMany(r => r.Select(x => (Claim: queries[i], Passage: x.Candidate.Text)))).Distinct().ToList();
        var read = reader.Read([.. pairs.Select(p => new PairToRead(p.Claim, p.Passage, vectorOf[p.Claim], vectorOf[p.Passage]))], cancellationToken);
        var probabilities = pairs.Zip(read).ToDictionary(x => x.First, x => x.Second);

        // 3. Align, 4. rules, 5. decide. A source's items are found once, however many claims cite it.
        var sourceItems = new Dictionary<string, (IReadOnlyList<CheckableItem> Items, DateOnly? Date)>(StringComparer.Ordinal);
        ClaimAlignment AlignWith(string query, IReadOnlyList<CheckableItem> items, string text, string datelineOf)
        {
            if (items.Count == 0) return ClaimAlignment.Empty;
            if (!sourceItems.TryGetValue(text, out var found))
                sourceItems[text] = found = (CheckableItems.Find(text, claim: false), ClaimAligner.Dateline(datelineOf));
            return ClaimAligner.Align(query, items, text, found.Items, found.Date);
        }
        var decisions = new List<ClaimDecision>(claims.Count);
        for (var i = 0; i < claims.Count; i++)
        {
            var claim = claims[i];
            var items = CheckableItems.Find(queries[i]);
            var readings = new List<SourceReading>();
            for (var s = 0; s < claim.Sources.Count; s++)
            {
                if (ranked[i][s].Count == 0) continue;
                var source = claim.Sources[s];
                var best = ranked[i][s].Select(x =>
                {
                    var alignment = AlignWith(queries[i], items, (source.Title is { Length: > 0 } t ? t + ". " : "") + AlignmentText(source.Text, x.Candidate.Span), source.Text);
                    var model = probabilities[(queries[i], x.Candidate.Text)];
                    var signals = StanceClassifier.Detect(queries[i], x.Candidate.Text);
                    var (p, reason, rule) = StanceRules.Apply(new RuleInput(queries[i], x.Candidate.Text, model, x.Cosine, signals, alignment), rules);
                    var stance = Stance(p, Reasons($"{reader.Kind} {reader.Version}", model, signals, x.Cosine, alignment, reason));
                    return new SourceReading(s, x.Candidate, stance, model, alignment, rule, x.Cosine, reason);
                }).MinBy(r => r.Stance.Probabilities!.Value.Neutral)!;
                readings.Add(best);
            }
            var verdict = VerdictPolicy.Decide([.. readings.Select(r => new PolicyInput(claim.Sources[r.Source].Label, r.Stance.Probabilities!.Value, r.Reason,
                    r.Rule is "item-missing" or "reported-assertion" ? r.Model : null))],
                claim.UnavailableSources, claim.Checkability, policy);
            // The policy names sources by their place among the readings; the decision names them by their place in the claim.
            verdict = verdict with { DecidedBy = verdict.DecidedBy?.Select(k => readings[k].Source).ToList() };
            decisions.Add(new ClaimDecision(verdict, readings));
        }
        return decisions;
    }

    /// <summary>The sentences of a source that may bear on the claim, and the whole source when it is short and one passage.</summary>
    static List<EvidenceCandidate> Candidates(string query, PipelineSource source, EvidenceRanker.SourceIndex index)
    {
        var candidates = index.Rank(query, CandidatesPerSource);
        var trimmed = source.Text.Trim();
        var start = source.Text.IndexOf(trimmed, StringComparison.Ordinal);
        // A short source (a pasted answer, a paragraph) is also read whole: a question and its answer, or a sentence and
        // the one that qualifies it, decide together what neither decides alone. Quotes lie within one stored passage.
        if (trimmed.Length <= WholeSourceLength && candidates.Count > 1
            && (source.Passages.Count == 0 || source.Passages.Any(p => p.Start <= start && start + trimmed.Length <= p.End)))
            candidates.Insert(0, new EvidenceCandidate(new TextSpan(start, start + trimmed.Length), trimmed, 1.0));
        else if (trimmed.Length > WholeSourceLength && candidates.Count > 0)
        {
            // A longer source: the best sentence is also read with the one after it, a window of two that may decide
            // together ("… said on Monday. It did not comment on earnings.") when it lies within one stored passage.
            var sentences = index.Sentences;
            var at = -1;
            for (var k = 0; k < sentences.Count && at < 0; k++) if (sentences[k].Start == candidates[0].Span.Start) at = k;
            if (at >= 0 && at + 1 < sentences.Count)
            {
                var window = new TextSpan(sentences[at].Start, sentences[at + 1].End);
                if (source.Passages.Count == 0 || source.Passages.Any(p => p.Start <= window.Start && window.End <= p.End))
                    candidates.Insert(1, new EvidenceCandidate(window, window.Slice(source.Text), candidates[0].Lexical,
                        [sentences[at].Slice(source.Text), sentences[at + 1].Slice(source.Text)]));
            }
        }
        return candidates;
    }

    /// <summary>What of the source a claim's items may be found in: all of a short source; else the passage with the text around it and the source's first lines.</summary>
    static string AlignmentText(string source, TextSpan passage)
    {
        if (source.Length <= 2 * WholeSourceLength) return source;
        var from = Math.Max(0, passage.Start - AlignmentWindow);
        var to = Math.Min(source.Length, passage.End + AlignmentWindow);
        return (from > 0 ? source[..Math.Min(200, from)] + " … " : "") + source[from..to];
    }

    static StanceResult Stance(StanceProbabilities p, List<string> reasons)
    {
        var (best, score) = StanceClassifier.MostLikely(p);
        return new StanceResult(best, Math.Round(score, 3), reasons, p);
    }

    static List<string> Reasons(string readerName, StanceProbabilities model, StanceClassifier.Signals signals, double cosine, ClaimAlignment alignment, string? rule)
    {
        var reasons = new List<string>
        {
            FormattableString.Invariant($"similarity {cosine:F2}, overlap {signals.Overlap:F2}"),
            FormattableString.Invariant($"{readerName}: supports {model.Supports:F2}, refutes {model.Refutes:F2}, neutral {model.Neutral:F2}"),
        };
        reasons.AddRange(alignment.Items.Where(a => a.Match != ItemMatch.Found).Select(a => a.ToString()));
        if (rule is not null) reasons.Add(rule);
        return [.. reasons.Distinct()];
    }
}
