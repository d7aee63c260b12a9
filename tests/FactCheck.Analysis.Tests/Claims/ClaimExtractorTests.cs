using FactCheck.Analysis.Citations;
using FactCheck.Analysis.Claims;

namespace FactCheck.Analysis.Tests.Claims;

public sealed class ClaimExtractorTests
{
    static readonly ClaimExtractor Extractor = ClaimExtractor.CreateDefault();

    static string SampleBody
    {
        get
        {
            var text = Fixtures.SampleArticle;
            return text[(text.IndexOf('\n') + 1)..].Trim();
        }
    }

    [Fact]
    public void The_sample_article_yields_its_separate_claims()
    {
        var claims = Extractor.Analyze(SampleBody, sourceCount: 3).Claims;

        string[] expected =
        [
            "signed a pact that includes a mutual defence clause", // the pact and its mutual defence clause
            "strongest ever treaty",                                 // Kim's claim
            "sparked alarm in the West",                             // the alarm in the West
            "Blinken criticized Putin's visit",                      // Blinken's criticism
            "exchanged lavish gifts",                                // the gifts
            "provision of munitions to Russia",                      // the munitions talks
        ];
        foreach (var fragment in expected)
            Assert.Single(claims, c => c.Text.Contains(fragment, StringComparison.Ordinal));
        Assert.DoesNotContain(claims, c => c.Text.Contains("Source 1", StringComparison.Ordinal));
        Assert.DoesNotContain(claims, c => c.Text.StartsWith("Putin and Kim Sign", StringComparison.Ordinal));
        Assert.All(claims, c => Assert.Equal(c.Text, SampleBody[c.Span.Start..c.Span.End]));
    }

    [Fact]
    public void Sample_claims_carry_types_speakers_entities_and_article_level_citations()
    {
        var claims = Extractor.Analyze(SampleBody, sourceCount: 3).Claims;

        var blinken = claims.Single(c => c.Text.Contains("Blinken", StringComparison.Ordinal));
        Assert.Equal("Antony Blinken", blinken.Speaker);
        Assert.Equal(ClaimType.Quote, blinken.Type);
        var kim = claims.Single(c => c.Text.Contains("strongest ever treaty", StringComparison.Ordinal));
        Assert.Equal("Kim Jong-un", kim.Speaker);
        var pact = claims.Single(c => c.Text.Contains("signed a pact that includes a mutual defence clause", StringComparison.Ordinal));
        Assert.Contains(pact.Entities, e => e is { Name: "Vladimir Putin", Kind: EntityKind.Person });
        Assert.Contains(pact.Numbers, n => n is { Text: "two", Value: 2 });
        // The sample only lists its sources: each is a candidate for every claim.
        Assert.All(claims, c => Assert.Equal([0, 1, 2], c.Citations.Where(l => l.Kind == CitationKind.ArticleLevel).Select(l => l.SourceIndex)));
    }

    [Theory]
    // Found by a new user: the simplest news attributions had no speaker, and a reported cost was "not checkable".
    [InlineData("Ridership fell by 9% last year, said transit director Maria Okafor.", "Maria Okafor", ClaimType.Quote)]
    [InlineData("Mayor Ana Ruiz said the project will cost $4.5 million.", "Ana Ruiz", ClaimType.Quote)]
    [InlineData("The new line will open in 2027, according to city engineer Tom Baker.", "Tom Baker", ClaimType.Quote)]
    [InlineData("Health minister Lena Park told reporters that 1,200 nurses were hired in March.", "Lena Park", ClaimType.Quote)]
    [InlineData("The company will cut 300 jobs next year.", null, ClaimType.Prediction)]
    // Measured on AVeriTeC claims (extract eval-attribution): passives, names and modifiers are not speakers; an aside is skipped.
    [InlineData("Prince Andrew is accused of lying about his friendship with the financier.", null, ClaimType.Factual)]
    [InlineData("A Madagascan herbal drink called Covid-Organics cures the disease.", null, ClaimType.Causal)]
    // A general effect in the future tense is checkable now; a forecast names its time.
    [InlineData("Drinking water will protect you from COVID-19.", null, ClaimType.Causal)]
    [InlineData("The new levy will cause prices to rise next year.", null, ClaimType.Prediction)]
    [InlineData("British Prime Minister Boris Johnson, speaking in the British Parliament, stated that no country has a working tracing app.", "Boris Johnson", ClaimType.Quote)]
    [InlineData("The growth is the highest recorded for eight years, says finance minister Henry Rotich.", "Henry Rotich", ClaimType.Quote)]
    [InlineData("Donald Trump is destroying the \"New World Order,\" says film maker David Lynch.", "David Lynch", ClaimType.Quote)]
    public void Reported_statements_name_their_speaker_and_stay_checkable(string sentence, string? speaker, ClaimType type)
    {
        var claim = Extractor.AnalyzeWhole(sentence, 0);

        Assert.Equal(speaker, claim.Speaker);
        Assert.Equal(type, claim.Type);
    }

    [Fact]
    public void Explicit_markers_link_the_claim_that_carries_them_and_no_other()
    {
        const string text = "Putin signed the pact with Kim Jong-un in Pyongyang on Wednesday [1]. " +
                            "Blinken criticised the visit in a statement, according to Source 2. " +
                            "Kim called it the strongest treaty ever signed by the two countries (Source 3).";

        var claims = Extractor.Analyze(text, sourceCount: 3).Claims;

        Assert.Equal([0], claims.Single(c => c.Text.StartsWith("Putin", StringComparison.Ordinal)).Citations.Select(l => l.SourceIndex));
        Assert.Equal([1], claims.Single(c => c.Text.StartsWith("Blinken", StringComparison.Ordinal)).Citations.Select(l => l.SourceIndex));
        Assert.Equal([2], claims.Single(c => c.Text.StartsWith("Kim", StringComparison.Ordinal)).Citations.Select(l => l.SourceIndex));
        Assert.All(claims.SelectMany(c => c.Citations), l => Assert.Equal(CitationKind.Explicit, l.Kind));
    }

    [Fact]
    public void A_footnote_after_the_period_belongs_to_the_sentence_before_it()
    {
        const string text = "The treaty was signed in Pyongyang by both leaders on Wednesday. [2] It obliges each side to aid the other if attacked.¹";

        var claims = Extractor.Analyze(text, sourceCount: 2).Claims;

        Assert.Equal([1], claims.Single(c => c.Text.StartsWith("The treaty", StringComparison.Ordinal)).Citations.Where(l => l.Kind == CitationKind.Explicit).Select(l => l.SourceIndex));
        Assert.Equal([0], claims.Single(c => c.Text.StartsWith("It obliges", StringComparison.Ordinal)).Citations.Where(l => l.Kind == CitationKind.Explicit).Select(l => l.SourceIndex));
    }

    [Fact]
    public void A_sentence_with_two_independent_facts_becomes_two_claims()
    {
        const string text = "Putin signed the defence pact in Pyongyang on Wednesday, and Blinken criticised it in Washington the next day.";

        var claims = Extractor.Analyze(text).Claims;

        Assert.Equal(2, claims.Count);
        Assert.Equal("Putin signed the defence pact in Pyongyang on Wednesday", claims[0].Text);
        Assert.Equal("Blinken criticised it in Washington the next day.", claims[1].Text);
        Assert.All(claims, c => Assert.Equal(0, c.SentenceIndex));
    }

    [Fact]
    public void A_sentence_opening_with_a_subordinate_clause_stays_whole()
    {
        const string text = "While no details of the clause were disclosed, both leaders emphasized its defensive nature, and they promised cooperation.";

        var claims = Extractor.Analyze(text).Claims;

        Assert.True(claims.Count <= 1);
    }

    [Theory]
    [InlineData("Did Russia really supply North Korea with fuel last year?", ClaimType.Question)]
    [InlineData("I think this is a terrible deal for the American people.", ClaimType.Opinion)]
    [InlineData("The pact will reshape security in the region within a decade.", ClaimType.Prediction)]
    [InlineData("Unemployment fell to 3.9 percent in May, the lowest level since 2000.", ClaimType.Statistic)]
    public void Questions_opinions_and_predictions_are_typed_and_score_lower(string sentence, ClaimType type)
    {
        var scored = Assert.Single(Extractor.Score(sentence));

        Assert.Equal(type, scored.Type);
        Assert.InRange(scored.Score, 0, 1);
        if (type == ClaimType.Question) Assert.False(scored.IsClaim);
    }

    [Theory]
    // An opinion or question someone is reported to have voiced: whether it was said is checkable (fact-checked claims of
    // this form were typed opinions and left not checkable, though their sources refute them).
    [InlineData("Beijing government announced that Chinese people should not travel to the United States or buy American-made products.")]
    [InlineData("There are many scientific studies saying masks should be worn only in enclosed spaces, such as in elevators.")]
    [InlineData("The F.D.A. did not say that hydroxychloroquine should not be used outside of a hospital setting.")]
    [InlineData("Donald Trump tweeted, \u201CWHO Thinks \u2018Child Lifes Matter\u2019 Should Be PAINTED In The STREETS OF HOLLYWOOD???")]
    public void A_reported_opinion_or_question_is_a_quote(string sentence) =>
        Assert.Equal(ClaimType.Quote, ClaimTypes.Classify(sentence, [], speaker: null));

    [Theory]
    [InlineData("We should remove the statue, and the council ought to pay for it.", ClaimType.Opinion)]
    [InlineData("Should the council remove the statue?", ClaimType.Question)]
    [InlineData("Did the minister say that fares would rise?", ClaimType.Question)]
    public void An_opinion_or_question_voiced_in_the_text_itself_stays_one(string sentence, ClaimType type) =>
        Assert.Equal(type, ClaimTypes.Classify(sentence, [], speaker: null));

    [Fact]
    public void A_statistic_outscores_a_greeting()
    {
        var scores = Extractor.Score("Good evening and thank you all for coming tonight. Unemployment fell to 3.9 percent in May, the lowest since 2000.");

        Assert.True(scores[1].Score > scores[0].Score + 0.2, $"{scores[0].Score} vs {scores[1].Score}");
        Assert.False(scores[0].IsClaim);
    }

    [Fact]
    public void Scoring_is_deterministic()
    {
        Assert.Equal(Extractor.Score(SampleBody).Select(s => s.Score), Extractor.Score(SampleBody).Select(s => s.Score));
    }

    [Fact]
    public void The_shipped_model_records_its_provenance_and_figures()
    {
        var stored = Extractor.Model.Stored!;

        Assert.Equal(CheckWorthinessModel.FeaturesVersion, stored.Version);
        Assert.Contains("CLEF 2019", stored.Provenance, StringComparison.Ordinal);
        Assert.True(stored.Metrics["map"] >= 0.20, $"MAP {stored.Metrics["map"]}");
    }
}

public sealed class ClaimExtractorCancellationTests
{
    [Fact]
    public void Analysis_stops_when_its_request_is_cancelled()
    {
        var text = string.Concat(Enumerable.Repeat("Mr. Smith said unemployment rose to 5% in 2023 [1]. ", 2000));
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => ClaimExtractor.CreateDefault().Analyze(text, 1, cancellationToken: cancelled.Token));
        Assert.NotEmpty(ClaimExtractor.CreateDefault().Analyze(text, 1).Claims);
    }

    [Fact]
    public void Adversarial_repetitions_are_analysed_whole()
    {
        // Correctness on the inputs that were quadratic (their speed is in AdversarialBenchmarks).
        static string Repeat(string unit) => string.Concat(Enumerable.Repeat(unit, 20_000 / unit.Length));
        var places = Entities.Find(Repeat("U.S. "), new FactCheck.Analysis.Text.TextSpan(0, 20_000));
        Assert.True(places.Count > 1000);
        Assert.All(places, e => Assert.Equal((EntityKind.Place, "U.S."), (e.Kind, e.Text)));

        var text = Repeat("No. 5 ");
        var numbers = Numbers.Find(text, new FactCheck.Analysis.Text.TextSpan(0, text.Length));
        Assert.Equal(text.Length / 6, numbers.Count);
        Assert.All(numbers, n => Assert.Equal(5, n.Value));
    }
}
