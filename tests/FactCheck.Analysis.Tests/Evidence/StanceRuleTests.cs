using FactCheck.Analysis.Evidence;
using FactCheck.Analysis.Evidence.Alignment;
using FactCheck.Analysis.Evidence.Rules;

namespace FactCheck.Analysis.Tests.Evidence;

/// <summary>The rules beside the model, each on pairs written for these tests.</summary>
public sealed class StanceRuleTests
{
    static readonly StanceProbabilities Support = new(0.8, 0.05, 0.15);

    static RuleInput Input(string claim, string passage, StanceProbabilities? p = null, double cosine = 0.7) =>
        new(claim, passage, p ?? Support, cosine, StanceClassifier.Detect(claim, passage), ClaimAligner.Align(claim, passage));

    [Theory]
    [InlineData("Zarnia has sent artillery shells to Velkor.", "Western officials have accused Zarnia of sending artillery shells to Velkor; both governments deny it.")]
    [InlineData("The Lessing mine collapse was caused by illegal blasting.", "Investigators said it was too early to say whether illegal blasting caused the Lessing mine collapse.")]
    [InlineData("The mayor took bribes from the builder.", "An indictment unsealed on Tuesday charges the mayor with taking bribes from the builder.")]
    [InlineData("The bones belong to a new species.", "The bones could represent a new species, the researchers said.")]
    [InlineData("The hackers stole patient records.", "The hackers claimed, without offering evidence, that they stole patient records.")]
    public void A_reported_assertion_does_not_make_the_claim_a_fact(string claim, string passage)
    {
        var outcome = new ReportedAssertion().Apply(Input(claim, passage));
        Assert.NotNull(outcome);
        Assert.Equal(0, outcome.Probabilities.Supports);
        Assert.True(outcome.Probabilities.Neutral > 0.9);
    }

    [Theory]
    // A claim that reports the assertion, or keeps the hedge, is left to the model.
    [InlineData("Prosecutors have charged the mayor with taking bribes.", "An indictment unsealed on Tuesday charges the mayor with taking bribes from the builder.")]
    [InlineData("Researchers said the bones could represent a new species.", "The bones could represent a new species, the researchers said.")]
    // A plain report of fact is not an assertion.
    [InlineData("The club signed Bek for 32 million euros.", "The club signed Bek for 32 million euros, it said on Friday.")]
    public void A_claim_about_the_assertion_or_a_plain_report_is_left_alone(string claim, string passage) =>
        Assert.Null(new ReportedAssertion().Apply(Input(claim, passage)));

    [Fact]
    public void The_sentence_that_says_what_the_claim_says_is_the_one_read()
    {
        // An unrelated hedge in another sentence ("Forecasters expect …") does not undo a plain statement.
        var input = Input("The temperature peaked at 36 degrees on Monday.",
            "The temperature peaked at 36 degrees on Monday, the weather service said. Forecasters say it could be cooler from Wednesday.");
        Assert.Null(new ReportedAssertion().Apply(input));
    }

    [Fact]
    public void A_differing_item_turns_the_models_support_into_refutation()
    {
        var outcome = new ItemDiffers().Apply(Input("Norska Air is now the country's largest airline.", "Norska Air became the country's second-largest airline last year."));
        Assert.NotNull(outcome);
        Assert.True(outcome.Probabilities.Refutes >= 0.85);
        Assert.Contains("second-largest", outcome.Reason, StringComparison.Ordinal);
        // Not in a passage the model reads as beside the point.
        Assert.Null(new ItemDiffers().Apply(Input("Norska Air is now the country's largest airline.", "Norska Air became the country's second-largest airline last year.",
            new StanceProbabilities(0.1, 0.1, 0.8))));
    }

    [Fact]
    public void A_differing_item_contradicts_however_the_model_split_its_reading()
    {
        // Two counts of the same thing: the model reads refutation and neutral about evenly; the source decides it.
        var outcome = new ItemDiffers().Apply(Input("The wildfire near Tarsk destroyed 40 homes.",
            "The wildfire near Tarsk destroyed 12 homes, the regional government said after its assessment on Tuesday.", new StanceProbabilities(0.1, 0.45, 0.45)));
        Assert.NotNull(outcome);
        Assert.True(outcome.Probabilities.Refutes >= 0.9);
        Assert.Contains("gives 12", outcome.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Amounts_of_other_things_do_not_refute_a_claims_quantity()
    {
        var refuting = new StanceProbabilities(0.2, 0.55, 0.25);
        var outcome = new QuantityUnmatched().Apply(Input("The Brenna mayor earns 90,000 dollars a year.",
            "The Brenna council cut its parks budget to 4 million dollars on Monday, the mayor's office said.", refuting));
        Assert.NotNull(outcome);
        Assert.True(outcome.Probabilities.Neutral > 0.9);
        Assert.Contains("90,000 dollars", outcome.Reason, StringComparison.Ordinal);
        // The same amount given otherwise is item-differs' to decide, a negation the model's, support is left alone.
        Assert.Null(new QuantityUnmatched().Apply(Input("The Brenna mayor earns 90,000 dollars a year.", "The Brenna mayor earns 75,000 dollars a year.", refuting)));
        Assert.Null(new QuantityUnmatched().Apply(Input("The Brenna mayor earns 90,000 dollars a year.",
            "The Brenna mayor is not paid at all, and the council cut its parks budget to 4 million dollars.", refuting)));
        Assert.Null(new QuantityUnmatched().Apply(Input("The Brenna mayor earns 90,000 dollars a year.",
            "The Brenna council cut its parks budget to 4 million dollars on Monday, the mayor's office said.", Support)));
    }

    [Fact]
    public void A_missing_item_keeps_support_from_deciding()
    {
        var outcome = new ItemMissing().Apply(Input("Police arrested three men after the shooting in Brelby.", "Police in Brelby said they were questioning witnesses after the shooting."));
        Assert.NotNull(outcome);
        Assert.Equal(0, outcome.Probabilities.Supports);
        Assert.Contains("three", outcome.Reason, StringComparison.Ordinal);
        Assert.Null(new ItemMissing().Apply(Input("Police in Brelby questioned witnesses.", "Police in Brelby said they were questioning witnesses.")));
    }

    [Fact]
    public void An_explicit_denial_of_a_statement_refutes_it()
    {
        var input = Input("The minister described the raid as an act of war.", "The minister stopped short of describing the raid as an act of war, calling it a grave provocation.");
        var (p, reason, rule) = StanceRules.Apply(input, StanceRules.All);
        Assert.Equal("denies-statement", rule);
        Assert.True(p.Refutes > 0.9, reason);
    }

    [Fact]
    public void Rules_run_in_order_and_the_first_that_fires_decides()
    {
        var input = Input("Neem leaves cure the flu.", "Q: Do neem leaves cure the flu?");
        var (p, _, rule) = StanceRules.Apply(input, StanceRules.All);
        Assert.Equal("question-without-answer", rule);
        Assert.True(p.Neutral > 0.9);
        var (unchanged, _, none) = StanceRules.Apply(Input("The treaty was signed in June.", "The treaty was signed in June."), []);
        Assert.Null(none);
        Assert.Equal(Support, unchanged);
    }

    [Fact]
    public void Rule_names_are_unique_and_the_fingerprint_follows_the_list()
    {
        Assert.Equal(StanceRules.All.Count, StanceRules.All.Select(r => r.Name).Distinct().Count());
        Assert.NotEqual(StanceRules.Fingerprint(StanceRules.All), StanceRules.Fingerprint(StanceRules.Without(["item-missing"])));
    }
}
