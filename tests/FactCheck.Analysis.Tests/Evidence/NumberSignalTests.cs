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

        var stance = RuleStance.Decide(model, StanceClassifier.Detect(claim, passage), cosine: 0.95, "test");

        Assert.Equal(expected, stance.Stance);
    }

    [Theory]
    // Found trying the service: cosine 0.87 (under 0.9) and the model's refutes 0.50 made this a refutation.
    [InlineData("Inflation fell to 2.0% in May 2024, the statistics office said.", 0.87, Stance.Supports)]
    // As far off without repeating the claim's words, the model's reading stands.
    [InlineData("Prices of goods and services rose more slowly; the office put the annual rate at 2% in May 2024.", 0.87, Stance.Refutes)]
    // Nor does an answer whose question, not the answer, repeats the claim's words.
    [InlineData("Q: Is it true that inflation fell to 2% in May 2024? A: Core prices kept climbing; only the headline rate was 2% in May 2024.", 0.87, Stance.Refutes)]
    public void A_passage_repeating_the_claims_words_is_a_restatement_a_little_further_off(string passage, double cosine, Stance expected)
    {
        const string claim = "Inflation fell to 2% in May 2024.";
        var model = new StanceProbabilities(0.30, 0.50, 0.20);
        var signals = StanceClassifier.Detect(claim, passage);

        var stance = RuleStance.Decide(model, signals, cosine, "test");

        Assert.True(signals.NumbersAgreeing > 0 && signals.NumbersConflicting == 0, $"{signals.NumbersAgreeing} agreeing, {signals.NumbersConflicting} conflicting");
        Assert.Equal(expected, stance.Stance);
    }

    [Theory]
    // A date in digits is the date, not the counts 8 and 4 and the year 2020; day-first and month-first both agree.
    [InlineData("The lockdown began on 8 April 2020.", "Officials confirmed the lockdown began on 08/04/2020.", 1, 0)]
    [InlineData("The lockdown began on April 8, 2020.", "Officials confirmed the lockdown began on 04/08/2020.", 1, 0)]
    [InlineData("The lockdown began on 8 April 2020.", "Officials confirmed the lockdown began on 2020-04-08.", 1, 0)]
    [InlineData("The lockdown began on 8 April 2020.", "Officials confirmed the lockdown began on 09/04/2020.", 0, 1)]
    // 28 cannot be a month: this is April 28 only.
    [InlineData("The lockdown began on 4 August 2020.", "Officials confirmed the lockdown began on 04/28/2020.", 0, 1)]
    public void A_date_in_digits_is_compared_as_a_date(string claim, string passage, int agreeing, int conflicting)
    {
        var signals = StanceClassifier.Detect(claim, passage);

        Assert.Equal(agreeing, signals.NumbersAgreeing);
        Assert.Equal(conflicting, signals.ExactConflicts);
    }

    [Fact]
    public void A_year_agrees_with_a_full_date_of_that_year()
    {
        // Found trying the service: "born in 1961" against "born on August 4, 1961" compared nothing and came out refuted (0.54).
        var signals = StanceClassifier.Detect("Obama was born in 1961 in Hawaii.", "Barack Obama was born on August 4, 1961, in Honolulu, Hawaii.");
        var other = StanceClassifier.Detect("Obama was born in 1962 in Hawaii.", "Barack Obama was born on August 4, 1961, in Honolulu, Hawaii.");

        Assert.Equal((1, 0), (signals.NumbersAgreeing, signals.NumbersConflicting));
        Assert.Equal((0, 1, 1), (other.NumbersAgreeing, other.NumbersConflicting, other.YearConflicts));
        Assert.Equal(0, other.ExactConflicts);
    }

    [Theory]
    // Found trying the service: the model read "completed in 1887" against "completed in 1889" as support (0.56).
    [InlineData("The Eiffel Tower was completed in 1889.", "The Eiffel Tower was completed in 1887 and opened to the public two years later.", 0.84, Stance.Refutes)]
    [InlineData("The bridge opened in 1998.", "The bridge, which opened in 2003, carries 40,000 cars a day.", 0.54, Stance.Refutes)]
    // A year about something else, in a passage that does not say what the claim says, decides nothing; nor do years
    // when one of the claim's years agrees (Climate-FEVER: "The IPCC (2013), USGCRP (2017) …" against "as of 2013").
    [InlineData("The IPCC (2013) and USGCRP (2017) say human influence is extremely likely the dominant cause.",
        "The scientific consensus as of 2013, as stated by the IPCC, is that human influence is extremely likely the dominant cause.", 0.85, Stance.Supports)]
    [InlineData("The Eiffel Tower was completed in 1889.", "Paris hosted the World's Fair again in 1900, and the tower drew crowds.", 0.55, Stance.Supports)]
    // Found on AVeriTeC claims: in an answer the year is when it was said; a decade is no year.
    [InlineData("Biden said the 1994 crime bill did not generate mass incarceration.",
        "Q: Did Biden say the 1994 crime bill did not generate mass incarceration? A: Yes, in Nashua, New Hampshire, in May of 2019.", 0.92, Stance.Supports)]
    [InlineData("George Stinney was 14 when he was executed by South Carolina in 1944.",
        "South Carolina executed 14-year-old George Stinney, the youngest person executed by an American state since the 1800s.", 0.85, Stance.Supports)]
    public void A_year_decides_only_where_the_passage_says_what_the_claim_says(string claim, string passage, double cosine, Stance expected)
    {
        var model = new StanceProbabilities(0.56, 0.25, 0.19);

        var stance = RuleStance.Decide(model, StanceClassifier.Detect(claim, passage), cosine, "test");

        Assert.Equal(expected, stance.Stance);
    }
}
