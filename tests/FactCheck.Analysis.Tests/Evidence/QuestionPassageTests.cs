using FactCheck.Analysis.Evidence;

namespace FactCheck.Analysis.Tests.Evidence;

/// <summary>A question asserts nothing: found in fact-checkers' evidence, where a question whose answer is missing restates the claim.</summary>
public sealed class QuestionPassageTests
{
    [Theory]
    [InlineData("Q: Do neem leaves offer any uses in the treatment or cure of Covid 19?", true)]
    [InlineData("Q: Did Microsoft and Sony shut down their gaming servers during UK school hours? A:", true)]
    [InlineData("Did the minister say that fares would rise?", true)]
    [InlineData("Is it true that \u201Cfares will double\u201D?\u201D", true)]
    [InlineData("Q: Can I play online Xbox games at any time of day? A: Yes. The servers are up at any time.", false)]
    [InlineData("Q: When did Kenny Rogers die? A: March 2020.", false)]
    [InlineData("Fares rose 9 percent. Will they rise again?", false)]
    [InlineData("Fares rose 9 percent last year, the authority said.", false)]
    [InlineData("", false)]
    public void A_passage_that_only_asks_is_told_from_one_that_answers_or_asserts(string passage, bool onlyAsks) =>
        Assert.Equal(onlyAsks, StanceClassifier.OnlyAsks(passage));

    [Fact]
    public void A_question_restating_the_claim_is_neutral_whatever_the_model_reads_into_it()
    {
        const string claim = "Neem leaves can cure the novel coronavirus.";
        const string question = "Q: Do neem leaves offer any uses in the treatment or cure of Covid 19?";
        var model = new StanceProbabilities(0.79, 0.05, 0.16);
        var stance = StanceClassifier.DecideCrossEncoder(model, StanceClassifier.Detect(claim, question), cosine: 0.8, "test");
        Assert.Equal(Stance.Neutral, stance.Stance);
        Assert.Contains("a question without its answer asserts nothing", stance.Signals);
        Assert.Equal(StanceClassifier.Unanswered, stance.Probabilities);

        // With its answer it is evidence again, as the model reads it.
        var answered = StanceClassifier.DecideCrossEncoder(model, StanceClassifier.Detect(claim, question + " A: Yes, in trials."), cosine: 0.8, "test");
        Assert.Equal(Stance.Supports, answered.Stance);
    }
}
