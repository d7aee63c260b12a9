using System.Text.RegularExpressions;
using FactCheck.Analysis.Claims;
using FactCheck.Analysis.Text;

namespace FactCheck.Analysis.Evidence;

public enum Stance { Supports, Refutes, Neutral }

/// <summary>The stance of one passage towards a claim, its strength, and the signals that decided it.</summary>
/// <remarks><see cref="Probabilities"/> are the cross-encoder's (after any veto), which the verdict model reads; null for the other engines.</remarks>
public sealed record StanceResult(Stance Stance, double Score, IReadOnlyList<string> Signals, StanceProbabilities? Probabilities = null);

/// <summary>
/// Decides whether a passage supports, refutes or is neutral to a claim from the signals that decide claims:
/// semantic similarity (MiniLM cosine), word overlap, agreement or conflict of numbers, negation that one
/// side has and the other lacks, antonyms ("rose" against "fell", which embeddings rate as near-identical),
/// and hedging. Rules rather than a model: no labelled stance data is available to train one on that is
/// not the evaluation set itself.
/// </summary>
public static partial class StanceClassifier
{
    /// <summary>Below this cosine a passage is about something else.</summary>
    public const double RelatedThreshold = 0.45;

    /// <summary>At or above this cosine, with nothing contradicting, a passage supports.</summary>
    public const double SupportThreshold = 0.6;

    /// <summary>
    /// An explicit numeric contradiction overrides the model only between passages this close. Chosen by
    /// cross-validation on Climate-FEVER: at 0.6 encyclopaedic passages that merely mention other amounts
    /// cost 0.03 claim accuracy, at 0.8 nothing measurable.
    /// </summary>
    public const double OverrideCosine = 0.8;

    static readonly (string A, string B)[] Antonyms =
    [
        ("rose", "fell"), ("rise", "fall"), ("rising", "falling"), ("increase", "decrease"), ("increased", "decreased"),
        ("increasing", "decreasing"), ("more", "less"), ("more", "fewer"), ("higher", "lower"), ("gain", "loss"), ("gained", "lost"),
        ("warming", "cooling"), ("warmer", "cooler"), ("up", "down"), ("grow", "shrink"), ("growing", "shrinking"), ("expand", "contract"),
        ("win", "lose"), ("won", "lost"), ("support", "oppose"), ("supported", "opposed"), ("accept", "reject"), ("accepted", "rejected"),
        ("signed", "refused"), ("allow", "ban"), ("legal", "illegal"), ("safe", "dangerous"), ("true", "false"), ("melting", "growing"),
        ("thicker", "thinner"), ("positive", "negative"), ("above", "below"), ("before", "after"), ("strongest", "weakest"),
        ("largest", "smallest"), ("highest", "lowest"), ("most", "least"), ("human", "natural"), ("agree", "disagree"),
    ];

    /// <summary>The antonyms (their first words) that say which way a quantity went: the same quantity with the other one is a contradiction.</summary>
    static readonly HashSet<string> Directions = new(["rose", "rise", "rising", "increase", "increased", "increasing", "higher", "grow", "growing", "gain", "gained"], StringComparer.Ordinal);

    /// <summary>
    /// The word signals of one claim–passage pair: what the stance rules read and what the learned model also reads. Named,
    /// each set where it is found (<see cref="Detect"/>).
    /// </summary>
    public sealed record Signals
    {
        /// <summary>Share of the claim's content words in the passage, and of the passage's in the claim.</summary>
        public double Overlap { get; init; }
        public double ReverseOverlap { get; init; }
        /// <summary>The claim's quantities that a passage quantity of the same kind agrees with, or none does.</summary>
        public int NumbersAgreeing { get; init; }
        public int NumbersConflicting { get; init; }
        /// <summary>Conflicting quantities other than bare years (amounts, counts, percentages, full dates).</summary>
        public int ExactConflicts { get; init; }
        /// <summary>Conflicting bare years.</summary>
        public int YearConflicts { get; init; }
        public bool ClaimNegated { get; init; }
        public bool PassageNegated { get; init; }
        /// <summary>"'rose' against 'fell'", when the claim has one word of an antonym pair and the passage the other.</summary>
        public string? Antonym { get; init; }
        /// <summary>The antonym says which way a quantity went.</summary>
        public bool DirectionReversed { get; init; }
        public bool PassageDenies { get; init; }
        public bool ClaimDenies { get; init; }
        public bool PassageHedged { get; init; }
        public bool ClaimHedged { get; init; }
        /// <summary>What was found, for the evidence row's reasons ("number 64% conflicts with 46 percent").</summary>
        public IReadOnlyList<string> Notes { get; init; } = [];
        public double BigramOverlap { get; init; }
        public double NameCoverage { get; init; }
        public double LongWordOverlap { get; init; }
        public int ClaimTermCount { get; init; }
        public int PassageTermCount { get; init; }
        /// <summary>The passage is a question and nothing else (<see cref="OnlyAsks"/>).</summary>
        public bool PassageOnlyAsks { get; init; }
        /// <summary>The denial signals of <see cref="AnswerDenies"/>, <see cref="CallsFabricated"/>, <see cref="DeniesEffect"/>,
        /// <see cref="DeniesStatement"/>, <see cref="DeniesDeath"/>, <see cref="FromSatire"/>, <see cref="FindsNone"/>.</summary>
        public bool AnswerDenies { get; init; }
        public bool CallsFabricated { get; init; }
        public bool DeniesEffect { get; init; }
        public bool DeniesStatement { get; init; }
        public bool DeniesDeath { get; init; }
        public bool FromSatire { get; init; }
        public bool FindsNone { get; init; }
        /// <summary>A "Q: … A: …" passage whose question repeats the claim (<see cref="AnswersClaimQuestion"/>), or any "Q: … A: …" passage.</summary>
        public bool AnswersClaimQuestion { get; init; }
        public bool QuestionAndAnswer { get; init; }

        public bool NegationMismatch => ClaimNegated != PassageNegated;
    }

    public static Signals Detect(string claim, string passage)
    {
        var notes = new List<string>();
        var claimList = EvidenceRanker.Terms(claim);
        var passageList = EvidenceRanker.Terms(passage);
        var claimTerms = claimList.ToHashSet(StringComparer.Ordinal);
        var passageTerms = passageList.ToHashSet(StringComparer.Ordinal);
        var overlap = claimTerms.Count == 0 ? 0 : claimTerms.Count(passageTerms.Contains) / (double)claimTerms.Count;
        var reverse = passageTerms.Count == 0 ? 0 : passageTerms.Count(claimTerms.Contains) / (double)passageTerms.Count;
        // Phrases, names and long (rarer) words the claim shares with the passage: coverage of what the claim is about.
        static HashSet<string> Bigrams(List<string> terms) => terms.Zip(terms.Skip(1), (a, b) => a + " " + b).ToHashSet(StringComparer.Ordinal);
        var claimBigrams = Bigrams(claimList);
        var passageBigrams = Bigrams(passageList);
        var bigrams = claimBigrams.Count == 0 ? 0 : claimBigrams.Count(passageBigrams.Contains) / (double)claimBigrams.Count;
        var names = Names().Matches(claim).Select(m => m.Value.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        var passageLower = passage.ToLowerInvariant();
        var nameCoverage = names.Count == 0 ? 1 : names.Count(n => passageLower.Contains(n, StringComparison.Ordinal)) / (double)names.Count;
        var longWords = claimTerms.Where(t => t.Length >= 7).ToList();
        var longOverlap = longWords.Count == 0 ? overlap : longWords.Count(passageTerms.Contains) / (double)longWords.Count;

        // Numbers of the same kind that disagree, with none that agree, contradict the claim.
        var agreeing = 0;
        var conflicting = 0;
        var exact = 0;
        // A spelled-out "one" is mostly a determiner or a ratio ("one of the three key states", "one judge serving over
        // 300,000 people"), not a count to hold against the passage's.
        static bool Compared(NumberMention n) => n.Kind != QuantityKind.Ordinal && !n.Text.Trim().Equals("one", StringComparison.OrdinalIgnoreCase);
        var claimNumbers = Numbers.Find(claim, new TextSpan(0, claim.Length)).Where(Compared).ToList();
        // In a question-answer passage only the answer's numbers count: a question restating the claim's "almost 7,000
        // employees" is not a source agreeing with it ("A: … the judiciary had 5,584 employees").
        var answerStart = AnswerStart(passage);
        var passageNumbers = Numbers.Find(passage, new TextSpan(answerStart, passage.Length)).Where(Compared).ToList();
        // A bare count says how many of something: "the two countries" is not contradicted by "June 19" or "19
        // people", only by a count of the same thing ("three countries") or in the same place ("reached 36.1 million").
        var passageContexts = passageNumbers.ToDictionary(n => n, n => n.Kind == QuantityKind.Count ? CountContext(passage, n.Span) : null);
        var years = 0;
        foreach (var number in claimNumbers)
        {
            var context = number.Kind == QuantityKind.Count ? CountContext(claim, number.Span) : null;
            // A year is also held against the year of a full date ("born in 1961" against "born on August 4, 1961").
            var sameKind = passageNumbers.Where(p => (p.Kind == number.Kind || (number.Kind == QuantityKind.Year && p.Kind == QuantityKind.Date))
                && p.Unit == number.Unit && (context is null || context.Overlaps(passageContexts[p]!))).ToList();
            if (sameKind.Count == 0) continue;
            var bound = BoundOf(claim, number.Span);
            if (sameKind.Any(p => Agrees(p, number, bound))) { agreeing++; notes.Add($"number {number.Text} agrees"); }
            else
            {
                conflicting++;
                if (number.Kind == QuantityKind.Year) years++; else exact++;
                notes.Add($"number {number.Text} conflicts with {sameKind[0].Text}");
            }
        }

        // Antonyms: the claim says one, the passage the other.
        var claimWords = Words(claim);
        var passageWords = Words(passage);
        string? antonym = null;
        var directionReversed = false;
        foreach (var (a, b) in Antonyms)
        {
            if ((claimWords.Contains(a) && passageWords.Contains(b) && !passageWords.Contains(a)) ||
                (claimWords.Contains(b) && passageWords.Contains(a) && !passageWords.Contains(b)))
            {
                antonym = $"'{a}' against '{b}'";
                directionReversed = Directions.Contains(a);
                break;
            }
        }

        return new Signals
        {
            Overlap = overlap, ReverseOverlap = reverse, NumbersAgreeing = agreeing, NumbersConflicting = conflicting, ExactConflicts = exact,
            YearConflicts = years, ClaimNegated = Negation().Matches(claim).Count % 2 == 1, PassageNegated = Negation().Matches(passage).Count % 2 == 1,
            Antonym = antonym, DirectionReversed = directionReversed, PassageDenies = Denial().IsMatch(passage), ClaimDenies = Denial().IsMatch(claim),
            PassageHedged = Hedge().IsMatch(passage), ClaimHedged = Hedge().IsMatch(claim), Notes = notes, BigramOverlap = bigrams,
            NameCoverage = nameCoverage, LongWordOverlap = longOverlap, ClaimTermCount = claimList.Count, PassageTermCount = passageList.Count,
            PassageOnlyAsks = OnlyAsks(passage), AnswerDenies = AnswerDenies(claim, passage), CallsFabricated = CallsFabricated(claim, passage),
            DeniesEffect = DeniesEffect(claim, passage), DeniesStatement = DeniesStatement(claim, passage), DeniesDeath = DeniesDeath(claim, passage),
            FromSatire = FromSatire(claim, passage), FindsNone = FindsNone(claim, passage), AnswersClaimQuestion = AnswersClaimQuestion(claim, passage),
            QuestionAndAnswer = QuestionAnswer().IsMatch(passage),
        };
    }

    /// <summary>
    /// True when the passage is a question and nothing else: one sentence ending in "?", or a "Q: …" with no answer
    /// after its "A:" or one that says none was found ("A: No answer could be found."). It asserts nothing, however closely it repeats the claim ("Q: Do neem leaves cure Covid-19?"
    /// read as support at 0.79 in fact-checkers' evidence where the answer was missing).
    /// </summary>
    public static bool OnlyAsks(string passage)
    {
        var text = passage.Trim();
        if (text.StartsWith("Q:", StringComparison.Ordinal)) text = text[2..].Trim();
        var answer = text.IndexOf(" A:", StringComparison.Ordinal);
        if (answer >= 0)
        {
            var given = text[(answer + 3)..];
            if (given.Any(char.IsLetterOrDigit) && !NoAnswerFound().IsMatch(given)) return false;
            text = text[..answer].Trim();
        }
        text = text.TrimEnd('"', '\'', '\u201D', '\u2019', ')', ']', ' ');
        if (!text.EndsWith('?')) return false;
        // One sentence: no sentence end before the question mark ("It rose. Did it?" asserts that it rose).
        var body = text[..^1];
        return !System.Text.RegularExpressions.Regex.IsMatch(body, @"[.!?][""'\u201D\u2019)\]]*\s+[A-Z\u201C""']");
    }

    /// <summary>
    /// True when the passage is a yes/no question about the claim with an answer that says the claim is false: "Q: Did
    /// Obama remove the citizenship question from the census? A: No" against "Obama removed the citizenship question",
    /// or "Yes" to "Did X have any experience?" against "X had no experience". The question must be polar (it opens with
    /// an auxiliary: is, did, has, can, …), share at least a fifth of the claim's content words, and the answer must open
    /// with "no" or "yes" (not "No answer could be found"). Whether the answer denies is the answer's polarity against
    /// the negation of question and claim: "No" denies when both or neither are negated. Only denial is decided this way:
    /// in fact-checkers' evidence a "no" to such a question goes with a refuted claim nine times in ten, a "yes" with a
    /// supported one only half the time ("Yes, but …"), so a "yes" is left to the cross-encoder.
    /// </summary>
    public static bool AnswerDenies(string claim, string passage)
    {
        var match = PolarAnswer().Match(passage);
        if (!match.Success) return false;
        var question = match.Groups["q"].Value;
        var answer = match.Groups["a"].Value;
        if (NoAnswerFound().IsMatch(answer)) return false;
        var claimTerms = EvidenceRanker.Terms(claim).ToHashSet(StringComparer.Ordinal);
        if (claimTerms.Count == 0) return false;
        var questionTerms = EvidenceRanker.Terms(question).ToHashSet(StringComparer.Ordinal);
        if (claimTerms.Count(questionTerms.Contains) < QuestionOverlap * claimTerms.Count) return false;
        var yes = answer.StartsWith('y') || answer.StartsWith('Y');
        var samePolarity = Negation().Matches(question).Count % 2 == Negation().Matches(claim).Count % 2;
        return yes != samePolarity;
    }

    /// <summary>
    /// True when a passage about the claim (sharing at least a fifth of its content words) calls the story false or made
    /// up, the way fact-checkers write: satire, a parody, a hoax, a scam, fake, false, untrue, baseless, fabricated, doctored,
    /// misattributed, debunked, "not true", "no truth to", "no such plan" ("Q: Is Jay Leno still alive? A: Yes. Satire /
    /// Fake news." against "Jay Leno dead at 71"; "This claim is totally false and the link given is fake."). In a
    /// question-answer passage only the answer counts ("Is the video fake? A: No, it is genuine" says nothing of the
    /// kind), and a word negated ("not fake") does not count; nor does a claim that itself uses such words (a claim about
    /// a hoax is not refuted by the word). In AVeriTeC's evidence (train), 109 of 118 claims with such an answer are refuted (counted with a plain word split).
    /// </summary>
    public static bool CallsFabricated(string claim, string passage)
    {
        if (Fabrication().IsMatch(claim)) return false;
        return Fabrication().IsMatch(AnswerPart(passage)) && AboutClaim(claim, passage);
    }

    /// <summary>
    /// True when the claim says something works (cures, prevents, protects against, kills, treats, is effective, gives
    /// immunity) and a passage about it (at least a fifth of the claim's content words) says it does not: "Drinking
    /// water will protect you from COVID-19" against "staying hydrated … does not prevent coronavirus infection"; "warm
    /// water is effective in curing joint pain" against "There is no cure for osteoarthritis"; "no evidence that the BCG
    /// vaccine protects people against infection". The cross-encoder, trained on encyclopaedic pairs, calls most of
    /// these support (the passage repeats the claim's words) or neutral; health claims are among the commonest that
    /// reach fact-checkers. A claim that is itself negated is left to the model. In a question-answer passage only the
    /// answer counts. In AVeriTeC's evidence (train), 33 of 37 such claims are refuted (counted with a plain word split).
    /// </summary>
    public static bool DeniesEffect(string claim, string passage) =>
        AnswerDeniesWhatClaimSays(claim, passage, Effect(), EffectDenied());

    /// <summary>
    /// True when the claim reports that someone said, tweeted, posted or announced something and a passage about it (at
    /// least a fifth of the claim's content words) finds no record of it: "There is no mention of a second war in Nigeria
    /// within the Premium Times interview", "Searching the archive does not find the quote", "he never said that". The
    /// cross-encoder reads these as neutral (nothing in them contradicts the words quoted), but a statement nobody can
    /// find is the fact-checker's refutation of "X said Y". A claim that is itself negated ("X never said") is left to
    /// the model; in a question-answer passage only the answer counts. In AVeriTeC's evidence (train), 40 of 41 such
    /// claims are refuted (counted with a plain word split; the first 1,000: 12 of 13).
    /// </summary>
    public static bool DeniesStatement(string claim, string passage) =>
        AnswerDeniesWhatClaimSays(claim, passage, Reported(), StatementNotFound());

    /// <summary>
    /// True when the claim reports a death ("has died", "is dead", "passed away") and a passage about it (at least a fifth
    /// of the claim's content words) says the person is alive: "she is not dead and is meditating at the nunnery", "still
    /// alive", "alive and well". Death hoaxes are a staple of what reaches fact-checkers, and the model reads "not dead"
    /// against "has died" as a lean to support (0.31) as often as not. A negated claim is left to the model; in a
    /// question-answer passage only the answer counts. In AVeriTeC's evidence (train), 6 of 6 such claims are refuted.
    /// </summary>
    public static bool DeniesDeath(string claim, string passage) =>
        AnswerDeniesWhatClaimSays(claim, passage, Death(), Alive());

    /// <summary>
    /// True when the passage says the story comes from satire, pranks or fiction: "satire", "satirical", "parody", "fiction",
    /// "a humorous page whose sole purpose is entertainment", "does not correspond to reality". Unlike the words of
    /// <see cref="CallsFabricated"/>, these need not repeat the claim: fact-checkers trace a claim to its source and
    /// name the source ("Q: What sort of site is this? A: … a humorous page …"), and a story a satire site made up is
    /// refuted as a statement of fact. A claim that itself speaks of satire, parody or fiction is left to the model; in
    /// a question-answer passage only the answer counts. In AVeriTeC's evidence (train), 76 of 76 such claims are
    /// refuted (the first 1,000: 25 of 25), and 5 of 5 whose answer speaks of pranks.
    /// </summary>
    public static bool FromSatire(string claim, string passage) =>
        !Satire().IsMatch(claim) && Satire().IsMatch(AnswerPart(passage));

    /// <summary>
    /// True when a passage about the claim (at least a fifth of its content words) finds none of what the claim reports:
    /// "There is no record of the arrests … and a policeman has denied the claim", "There were no Muslim homes
    /// demolished", "no evidence to suggest", "Searching Bloomberg does not produce any report of the sort", "nothing of
    /// the sort on their website". The
    /// cross-encoder reads most of these as neutral. A claim that is itself negated ("there is no …") is left to the
    /// model; in a question-answer passage only the answer counts. In AVeriTeC's evidence (train), 97 of 121 such claims
    /// are refuted (80%, against 57% of all claims; the first 1,000: 35 of 43); with "nothing of the sort" or "no such", 12 of 12.
    /// </summary>
    public static bool FindsNone(string claim, string passage) =>
        !Negation().IsMatch(claim) && NoneFound().IsMatch(AnswerPart(passage)) && AboutClaim(claim, passage);

    /// <summary>
    /// True when the passage answers a question about the claim: "Q: How much of Nigeria's revenue goes to the federal
    /// government? A: 52.68 % goes to the federal government." against "45% of Nigeria's revenue goes to the federal
    /// government". The question shares at least <see cref="QuestionOverlap"/> of the claim's content words and the
    /// answer is given. Such an answer is about the claim's own quantities however the embeddings rate the pair, so a
    /// quantity it gives otherwise contradicts (see <see cref="Rules.AnswerQuantity"/>).
    /// </summary>
    public static bool AnswersClaimQuestion(string claim, string passage)
    {
        var match = QuestionAnswer().Match(passage);
        if (!match.Success || NoAnswerFound().IsMatch(match.Groups["a"].Value)) return false;
        var claimTerms = EvidenceRanker.Terms(claim).ToHashSet(StringComparer.Ordinal);
        if (claimTerms.Count == 0) return false;
        var questionTerms = EvidenceRanker.Terms(match.Groups["q"].Value).ToHashSet(StringComparer.Ordinal);
        return claimTerms.Count(questionTerms.Contains) >= QuestionOverlap * claimTerms.Count;
    }

    /// <summary>
    /// The shape of the rules above: the claim says something (<paramref name="claimSays"/>) and is not itself negated,
    /// the passage's answer denies it (<paramref name="answerDenies"/>), and the passage is about the claim.
    /// </summary>
    static bool AnswerDeniesWhatClaimSays(string claim, string passage, Regex claimSays, Regex answerDenies) =>
        claimSays.IsMatch(claim) && !Negation().IsMatch(claim) && answerDenies.IsMatch(AnswerPart(passage)) && AboutClaim(claim, passage);

    /// <summary>The answer of a "Q: … A: …" passage, else the whole passage: what the passage asserts.</summary>
    static string AnswerPart(string passage) => passage[AnswerStart(passage)..];

    /// <summary>Where the answer of a "Q: … A: …" passage starts (0 for any other passage).</summary>
    static int AnswerStart(string passage) =>
        passage.IndexOf(" A:", StringComparison.Ordinal) is var at and >= 0 && passage.TrimStart().StartsWith("Q:", StringComparison.Ordinal)
            ? at + 3 : 0;

    /// <summary>True when the passage repeats at least <see cref="QuestionOverlap"/> of the claim's content words.</summary>
    static bool AboutClaim(string claim, string passage)
    {
        var claimTerms = EvidenceRanker.Terms(claim).ToHashSet(StringComparer.Ordinal);
        if (claimTerms.Count == 0) return false;
        var passageTerms = EvidenceRanker.Terms(passage).ToHashSet(StringComparer.Ordinal);
        return claimTerms.Count(passageTerms.Contains) >= QuestionOverlap * claimTerms.Count;
    }

    /// <summary>The share of the claim's content words a yes/no question must repeat to be about the claim (see <see cref="AnswerDenies"/>).</summary>
    public const double QuestionOverlap = 0.2;

    /// <summary>
    /// The stance by the learned model when it is loaded and both embeddings are given (see <see cref="StanceModel"/>),
    /// else by the rules. Either way the signals found are listed as the reasons.
    /// </summary>
    public static StanceResult Classify(string claim, string passage, float[] claimVector, float[] passageVector, StanceModel? model)
    {
        var cosine = Embeddings.MiniLmEmbedder.Cosine(claimVector, passageVector);
        var signals = Detect(claim, passage);
        var rules = Classify(cosine, signals);
        if (model is null) return rules;
        return Decide(model.Predict(claimVector, passageVector, signals), rules, signals, cosine, model.Version);
    }

    /// <summary>
    /// The model's most likely stance, except that an explicit contradiction the rules found (an amount, count,
    /// percentage or full date that disagrees with one of the same kind, in a passage about the same thing)
    /// refutes whatever the model says: the training data holds few of them, and they are the contradictions
    /// newsrooms meet most. Bare years do not decide: a passage about another year is rarely a contradiction.
    /// </summary>
    public static StanceResult Decide(StanceProbabilities p, StanceResult rules, Signals signals, double cosine, string version)
    {
        // The signals found, not the rules' own conclusion ("about something else"), which the model may overrule.
        var reasons = Reasons(p, signals, cosine, $"model {version}");
        if (rules.Stance == Stance.Refutes && signals.ExactConflicts > 0 && signals.NumbersAgreeing == 0 && cosine >= OverrideCosine)
            return rules with { Signals = [.. reasons, "an explicit contradiction decides"] };
        var (best, score) = MostLikely(p);
        return new StanceResult(best, Math.Round(score, 3), reasons);
    }

    /// <summary>The reasons an evidence row lists: similarity, the model's probabilities, and the rule signals found.</summary>
    static List<string> Reasons(StanceProbabilities p, Signals signals, double cosine, string model)
    {
        var reasons = new List<string>
        {
            $"similarity {cosine:F2}, overlap {signals.Overlap:F2}",
            $"{model}: supports {p.Supports:F2}, refutes {p.Refutes:F2}, neutral {p.Neutral:F2}",
        };
        reasons.AddRange(signals.Notes);
        if (signals.NegationMismatch) reasons.Add("negated on one side");
        if (signals.Antonym is not null) reasons.Add(signals.Antonym);
        if (signals.PassageDenies && !signals.ClaimDenies) reasons.Add("the passage denies");
        if (signals.PassageHedged) reasons.Add("hedged");
        return reasons;
    }

    /// <summary>The most likely stance of a reading and its probability.</summary>
    public static (Stance Stance, double Score) MostLikely(StanceProbabilities p)
    {
        var best = p.Supports >= p.Refutes && p.Supports >= p.Neutral ? Stance.Supports
            : p.Refutes >= p.Neutral ? Stance.Refutes : Stance.Neutral;
        var score = best switch { Stance.Supports => p.Supports, Stance.Refutes => p.Refutes, _ => p.Neutral };
        return (best, score);
    }

    /// <summary>What a stance is set to when the passage only asks a question (see <see cref="OnlyAsks"/>).</summary>
    public static readonly StanceProbabilities Unanswered = new(0.02, 0.02, 0.96);

    /// <summary>What a stance is set to when an explicit numeric contradiction decides it.</summary>
    public static readonly StanceProbabilities Contradicted = new(0.04, 0.92, 0.04);

    /// <summary>Embeddings this alike make a passage a restatement of the claim (see <see cref="Rules.Restatement"/>).</summary>
    public const double RestatementCosine = 0.9;

    /// <summary>Embeddings this alike, with <see cref="RestatementOverlap"/> of the claim's words repeated, also make a restatement.</summary>
    public const double RestatementCosineWithOverlap = 0.85;

    /// <summary>The share of the claim's content words a passage must repeat for a year it gives otherwise to contradict the claim.</summary>
    public const double RestatementOverlap = 0.8;

    /// <summary>The stance by rules alone (no model): the fallback, and the baseline the model is measured against.</summary>
    public static StanceResult Classify(string claim, string passage, double cosine) => Classify(cosine, Detect(claim, passage));

    static StanceResult Classify(double cosine, Signals s)
    {
        var signals = new List<string>();
        var relatedness = 0.75 * cosine + 0.25 * s.Overlap;
        signals.Add($"similarity {cosine:F2}, overlap {s.Overlap:F2}");
        if (cosine < RelatedThreshold && s.Overlap < 0.5)
            return new(Stance.Neutral, Math.Round(1 - relatedness, 3), [.. signals, "about something else"]);

        signals.AddRange(s.Notes);
        var agreement = 0.15 * s.NumbersAgreeing;
        var conflict = 0.45 * s.NumbersConflicting;
        if (s.NegationMismatch && cosine >= 0.5) { conflict += 0.3; signals.Add("negated on one side"); }
        if (s.Antonym is not null) { conflict += 0.35; signals.Add(s.Antonym); }
        // Denial vocabulary in the passage ("myth", "no evidence", "debunked").
        if (s.PassageDenies && !s.ClaimDenies) { conflict += 0.3; signals.Add("the passage denies"); }
        if (s.PassageHedged) signals.Add("hedged");
        var strength = relatedness * (s.PassageHedged ? 0.85 : 1.0);

        // Contradiction signals count only between passages about the same thing.
        if (conflict >= 0.3 && cosine >= SupportThreshold)
            return new(Stance.Refutes, Math.Round(Math.Min(1, strength * 0.6 + conflict * 0.5), 3), signals);
        if (cosine + agreement >= SupportThreshold)
            return new(Stance.Supports, Math.Round(Math.Min(1, strength + agreement), 3), signals);
        return new(Stance.Neutral, Math.Round(1 - strength, 3), [.. signals, "related but not decisive"]);
    }

    /// <summary>How a claim states an amount: as it is, roughly ("about", "almost"), as a floor ("more than") or a ceiling ("not even", "less than").</summary>
    public enum Bound { Exact, About, AtLeast, AtMost }

    /// <summary>The bound the words just before an amount put on it: "about 300,000", "more than 6,000", "not even 1%".</summary>
    public static Bound BoundOf(string text, TextSpan span)
    {
        var before = text[Math.Max(0, span.Start - 24)..span.Start];
        var match = BoundWords().Match(before);
        if (!match.Success) return Bound.Exact;
        var word = match.Groups[1].Value.ToLowerInvariant();
        return word switch
        {
            _ when AtLeastWords().IsMatch(word) => Bound.AtLeast,
            _ when AtMostWords().IsMatch(word) => Bound.AtMost,
            _ => Bound.About,
        };
    }

    // Dates and years must match exactly (a date in digits either way round: "08/04/2020" is 8 April or August 4); amounts within 5% ("11,000" against "10,900"), within 15% when the claim says
    // "about" or "almost" ("about 300,000" against "321,652"), and a floor or ceiling agrees with any amount past it ("not
    // even 1%" against "0.6%"; "more than 6,000" against "6,800").
    static bool Agrees(NumberMention passage, NumberMention claim, Bound bound = Bound.Exact)
    {
        if (claim.Kind == QuantityKind.Year && passage.Kind == QuantityKind.Date) return Math.Floor(passage.Value / 10000) == claim.Value;
        if (passage.Kind is QuantityKind.Date or QuantityKind.Year)
            return passage.Value == claim.Value || passage.Alternative == claim.Value || claim.Alternative == passage.Value
                || (passage.Alternative is not null && passage.Alternative == claim.Alternative);
        var scale = Math.Max(Math.Abs(passage.Value), Math.Abs(claim.Value));
        return bound switch
        {
            Bound.AtLeast => passage.Value >= claim.Value - 0.05 * scale - 1e-9,
            Bound.AtMost => passage.Value <= claim.Value + 0.05 * scale + 1e-9,
            Bound.About => Math.Abs(passage.Value - claim.Value) <= 0.15 * scale + 1e-9,
            _ => Math.Abs(passage.Value - claim.Value) <= 0.05 * scale + 1e-9,
        };
    }

    // The last bounding word right before an amount (nothing but spaces, "$" or similar between).
    [GeneratedRegex(@"\b(about|around|roughly|approximately|nearly|almost|some|close\s+to|an\s+estimated|estimated|up\s+to|more\s+than|over|above|at\s+least|in\s+excess\s+of|upwards\s+of|exceeding|older\s+than|less\s+than|fewer\s+than|younger\s+than|under|below|not\s+even|no\s+more\s+than|at\s+most|barely|just\s+under)\s*[^\w\s]{0,2}\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex BoundWords();

    [GeneratedRegex(@"^(more\s+than|over|above|at\s+least|in\s+excess\s+of|upwards\s+of|exceeding|older\s+than)$")]
    private static partial Regex AtLeastWords();

    [GeneratedRegex(@"^(up\s+to|less\s+than|fewer\s+than|younger\s+than|under|below|not\s+even|no\s+more\s+than|at\s+most|just\s+under)$")]
    private static partial Regex AtMostWords();

    static readonly HashSet<string> ContextStopwords = new(StringComparer.Ordinal)
    {
        "the", "and", "for", "with", "from", "that", "than", "this", "these", "those", "about", "some", "were", "was", "are",
        "has", "have", "had", "more", "less", "over", "under", "nearly", "almost", "around", "only", "just", "least", "all",
    };

    /// <summary>The content words next to a count (the one before it and the one after), lower case, a plural "s" dropped.</summary>
    static HashSet<string> CountContext(string text, TextSpan span)
    {
        var context = new HashSet<string>(StringComparer.Ordinal);
        string? Word(int from, int step)
        {
            var i = from;
            while (true)
            {
                while (i >= 0 && i < text.Length && !char.IsLetterOrDigit(text[i])) i += step;
                if (i < 0 || i >= text.Length) return null;
                var start = i;
                while (i >= 0 && i < text.Length && char.IsLetterOrDigit(text[i])) i += step;
                var (a, b) = step > 0 ? (start, i) : (i + 1, start + 1);
                var word = text[a..b].ToLowerInvariant();
                if (word.Length >= 3 && !ContextStopwords.Contains(word) && word.Any(char.IsLetter))
                    return word.Length > 3 && word.EndsWith('s') ? word[..^1] : word;
                if (word.Any(char.IsDigit)) return null;
            }
        }
        if (Word(span.Start - 1, -1) is { } before) context.Add(before);
        if (Word(span.End, 1) is { } after) context.Add(after);
        return context;
    }

    static HashSet<string> Words(string text) => CheckWorthinessFeatures.Tokenize(text).ToHashSet(StringComparer.Ordinal);

    // Capitalised words not at the start of the text: names of people, places, bodies.
    [GeneratedRegex(@"(?<=\S\s+)\b[A-Z][a-zA-Z]{2,}\b")]
    private static partial Regex Names();

    // "Q: <polar question> A: <answer opening with yes or no>"; the question opens with an auxiliary verb.
    [GeneratedRegex(@"^\s*Q:\s*(?<q>(?:is|are|was|were|did|does|do|has|have|had|can|could|will|would|should|shall|may|might|must)\b[^\n]*?)\s+A:\s*(?<a>(?:yes|no)\b.*)$",
        RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex PolarAnswer();

    // "Q: <question> A: <an answer with a word or number in it>".
    [GeneratedRegex(@"^\s*Q:\s*(?<q>[^\n]*?)\s+A:\s*(?<a>.*\w.*)$", RegexOptions.Singleline)]
    private static partial Regex QuestionAnswer();

    // Fact-checkers' words for a story that is false or made up; not negated ("not fake"), not "false positive".
    [GeneratedRegex(@"(?<!\b(?:not|never|isn't|wasn't|aren't|weren't)\s+)(?:\b(?:satire|satirical|parody|fake\s+news|fake|hoax(?:es)?|scams?|fabricated|doctored|photoshopped|misattributed|debunked|untrue|baseless|unfounded|bogus|false(?!\s+(?:positive|negative)s?\b))\b|\b(?:is|was|are|were)\s+not\s+(?:true|accurate|correct)\b|\bno\s+(?:truth|such)\b)",
        RegexOptions.IgnoreCase)]
    private static partial Regex Fabrication();

    // Satire, pranks or fiction named as the source; not "science fiction".
    [GeneratedRegex(@"\b(satir\w*|parody|parodies|pranks?|humou?rous\s+(?:page|site|website|article|piece|post|story)|(?<!science\s)fiction(?:al)?|not\s+(?:meant|intended)\s+to\s+be\s+taken\s+seriously|does\s+not\s+correspond\s+to\s+reality|for\s+entertainment\s+purposes)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Satire();

    // None found: "there is/was/were no …" (not "no doubt", "no longer"), "no record/report/evidence of …", "does not produce any",
    // "denied the claim", "nothing of the sort", "no such".
    [GeneratedRegex(@"\b(there\s+(?:is|are|was|were|has\s+been|have\s+been)\s+no(?!\s+(?:doubt|question|denying|longer|shortage)\b)|no\s+(?:record|records|report|reports|evidence|proof|trace|sign|indication)\s+(?:of|that|to\s+suggest|to\s+support|to\s+show)|(?:does|did)\s+not\s+(?:produce|return|yield|show)\s+any|(?:denied|refuted|dismissed)\s+the\s+(?:claim|report|reports|rumou?rs?|allegations?)|nothing\s+of\s+the\s+(?:sort|kind)|no\s+such)\b", RegexOptions.IgnoreCase)]
    private static partial Regex NoneFound();

    [GeneratedRegex(@"\b(died|dies|dead|death|passed\s+away|is\s+no\s+more)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Death();

    [GeneratedRegex(@"\b(not\s+dead|still\s+alive|is\s+alive|was\s+alive|alive\s+and\s+well|very\s+much\s+alive|(has|have)\s+not\s+died|hasn't\s+died|did\s+not\s+die|didn't\s+die)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Alive();

    [GeneratedRegex(@"\b(said|says|say|tweeted|tweets|posted|wrote|stated|claimed|announced|told|quoted|declared|shared|according\s+to|admitted|called|described|labell?ed)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Reported();

    // Also a statement denied in other words: "stopped short of calling it", "declined to describe it as", "did not call it".
    [GeneratedRegex(@"\b((?:stopped\s+short\s+of|declined\s+to|refused\s+to|would\s+not|did\s+not|didn't|never)\s+(?:call|calling|describe|describing|label|labelling|labeling|characteri[sz]e|characteri[sz]ing)|no\s+mention|not\s+mention\w*|never\s+mentioned|no\s+record|no\s+such\s+(statement|tweet|quote|post|remark)|(did\s+not|didn't|never)\s+(say|said|tweet|tweeted|post|posted|write|wrote|make|made)|could\s+not\s+(be\s+)?f(ou)?nd|couldn't\s+find|cannot\s+find|can't\s+find|not\s+find|was\s+not\s+found|no\s+(quote|statement|tweet))\b", RegexOptions.IgnoreCase)]
    private static partial Regex StatementNotFound();

    // An answer that says there is none: "No answer could be found.", "No answer was found", "Unanswerable".
    [GeneratedRegex(@"^\W*(no\s+answer\s+(?:could|can|was|has)\s+(?:be\s+|been\s+)?found|unanswerable)\b", RegexOptions.IgnoreCase)]
    private static partial Regex NoAnswerFound();

    [GeneratedRegex(@"\b(not|no|never|none|neither|nor|without|cannot)\b|n't\b", RegexOptions.IgnoreCase)]
    private static partial Regex Negation();

    // What a health claim says works (cures, prevents, protects, kills, treats, heals, is effective, gives immunity) or
    // does harm (causes: "vaccines cause autism", "5G causes COVID-19").
    private const string EffectWords = @"(?:cur(?:e|es|ed|ing|ative)|prevent\w*|protect\w*|kill(?:s|ed|ing)?|treat(?:s|ed|ing|ment|ments)?|heal(?:s|ed|ing)?|effective|immun\w*|destroy(?:s|ed|ing)?|eliminat\w*|boost(?:s|ed|ing)?|caus(?:e|es|ed|ing))";

    [GeneratedRegex(@"\b" + EffectWords + @"\b", RegexOptions.IgnoreCase)]
    private static partial Regex Effect();

    // Said not to work: a negation a few words before an effect word ("does not prevent", "no cure", "has not been shown to
    // treat"), "ineffective", "no impact / effect / benefit", or "no (clinical) evidence" followed by one ("no evidence that the vaccine protects"); not "not only".
    [GeneratedRegex(@"(?:\b(?:no|not(?!\s+only\b)|never|cannot|neither|nor)\b|n't\b)(?:\W+\w+){0,4}?\W+" + EffectWords + @"\b|\bineffective\b|\bno\s+(?:impact|effect|benefit)\b|\bno\s+(?:\w+\s+)?(?:link|links|association|connection|causal\s+relationship)\s+(?:between|to|with)\b|\bno\s+(?:\w+\s+)?(?:evidence|proof)\b(?:\W+\w+){0,8}?\W+" + EffectWords + @"\b",
        RegexOptions.IgnoreCase)]
    private static partial Regex EffectDenied();

    [GeneratedRegex(@"\b(myth|hoax|debunked|false claim|no evidence|misleading|disproven|unfounded|baseless|there is no)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Denial();

    [GeneratedRegex(@"\b(may|might|could|possibly|perhaps|suggests?|uncertain|unclear|likely|unlikely|estimated|reportedly|alleged(ly)?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Hedge();
}
