using FactCheck.Analysis.Evidence;

namespace FactCheck.Analysis.Tests.Evidence;

public sealed class NumberSignalTests
{
    [Theory]
    // Found in the Swagger example: "the two countries" was contradicted by "June 19" and the pact claim came out refuted.
    [InlineData("Putin and Kim signed a pact obliging the two countries to come to each other's aid.",
        "PYONGYANG, June 19 (wire report) - Putin and Kim signed a treaty that includes a pledge of mutual assistance.", 0, 0)]
    [InlineData("The two countries signed the treaty.", "The three countries signed the treaty.", 0, 1)]
    [InlineData("The two countries signed the treaty.", "Both leaders met 19 ministers; the two countries signed the treaty.", 1, 0)]
    // The year agrees, the amount does not.
    [InlineData("The country's population reached 42.6 million in 2025.",
        "The national statistics office said the country's population reached 36.1 million in 2025.", 1, 1)]
    [InlineData("The company hired 300 workers.", "The company hired 300 workers and fired 12 managers.", 1, 0)]
    public void A_count_is_compared_only_with_a_count_of_the_same_thing(string claim, string passage, int agreeing, int conflicting)
    {
        var signals = StanceClassifier.Detect(claim, passage);

        Assert.Equal(agreeing, signals.NumbersAgreeing);
        Assert.Equal(conflicting, signals.ExactConflicts);
    }

    [Theory]
    // The shipped model gave "fell by 9%" against "fell 9 percent" supports 0.40, refutes 0.40, and the verdict came out refuted.
    [InlineData("Bus ridership in the city fell 9 percent last year, the authority said.", Stance.Supports)]
    // A negation, or another quantity, keeps the model's reading.
    [InlineData("Bus ridership in the city did not fall 9 percent last year, the authority said.", Stance.Refutes)]
    [InlineData("Bus ridership in the city fell 14 percent last year, the authority said.", Stance.Refutes)]
    public void A_restatement_with_the_same_quantities_does_not_contradict(string passage, Stance expected)
    {
        const string claim = "Bus ridership in the city fell by 9% last year.";
        var model = new StanceProbabilities(0.40, 0.42, 0.18);

        var stance = StanceClassifier.DecideCrossEncoder(model, StanceClassifier.Detect(claim, passage), cosine: 0.95, "test");

        Assert.Equal(expected, stance.Stance);
    }
}
