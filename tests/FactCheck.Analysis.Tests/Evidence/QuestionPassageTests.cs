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
    [InlineData("Q: How many Republicans support the bill? A: No answer could be found.", true)]
    [InlineData("Q: Is the vaccine tested? A: No answer was found", true)]
    [InlineData("Q: Is the vaccine tested? A: No. It was never trialled.", false)]
    [InlineData("", false)]
    public void A_passage_that_only_asks_is_told_from_one_that_answers_or_asserts(string passage, bool onlyAsks) =>
        Assert.Equal(onlyAsks, StanceClassifier.OnlyAsks(passage));

    [Fact]
    public void A_question_restating_the_claim_is_neutral_whatever_the_model_reads_into_it()
    {
        const string claim = "Neem leaves can cure the novel coronavirus.";
        const string question = "Q: Do neem leaves offer any uses in the treatment or cure of Covid 19?";
        var model = new StanceProbabilities(0.79, 0.05, 0.16);
        var stance = RuleStance.Decide(model, StanceClassifier.Detect(claim, question), cosine: 0.8, "test");
        Assert.Equal(Stance.Neutral, stance.Stance);
        Assert.Contains("a question without its answer asserts nothing", stance.Signals);
        Assert.Equal(StanceClassifier.Unanswered, stance.Probabilities);

        // With its answer it is evidence again, as the model reads it.
        var answered = RuleStance.Decide(model, StanceClassifier.Detect(claim, question + " A: Yes, in trials."), cosine: 0.8, "test");
        Assert.Equal(Stance.Supports, answered.Stance);
    }

    [Theory]
    // "No" to a yes/no question that repeats the claim denies it.
    [InlineData("Obama removed the citizenship question from the US census.", "Q: Did Obama remove the Citizenship question from the US Census? A: No", true)]
    [InlineData("5G reduces immunity and causes COVID-19.", "Q: Does 5G reduce immunity and cause COVID-19? A: No. Viruses cannot travel on radio waves.", true)]
    // The claim negated, the question not: "No" agrees and "Yes" denies.
    [InlineData("Hunter Biden had no experience in the energy sector when he joined Burisma.", "Q: Did Hunter Biden have any experience in the energy sector when he joined Burisma? A: No", false)]
    [InlineData("Hunter Biden had no experience in the energy sector when he joined Burisma.", "Q: Did Hunter Biden have any experience in the energy sector when he joined Burisma? A: Yes, he sat on two boards.", true)]
    // "Yes" to the claim's own question is left to the model ("Yes, but …" is common); so are answers to other questions.
    [InlineData("Obama removed the citizenship question from the US census.", "Q: Did Obama remove the Citizenship question from the US Census? A: Yes", false)]
    [InlineData("Obama removed the citizenship question from the US census.", "Q: Who wrote the 2010 census form? A: No one person did.", false)]
    [InlineData("Obama removed the citizenship question from the US census.", "Q: Is the weather fine in Paris today? A: No", false)]
    [InlineData("Obama removed the citizenship question from the US census.", "Q: Did Obama remove the citizenship question? A: No answer could be found.", false)]
    [InlineData("Obama removed the citizenship question from the US census.", "The census of 2010 did not ask about citizenship.", false)]
    public void A_no_to_a_yes_no_question_about_the_claim_denies_it(string claim, string passage, bool denies) =>
        Assert.Equal(denies, StanceClassifier.AnswerDenies(claim, passage));

    [Fact]
    public void A_denying_answer_refutes_whatever_the_model_reads_into_it()
    {
        const string claim = "Drinking cold water after a meal causes cancer.";
        const string passage = "Q: Does drinking cold water after a meal cause cancer? A: No";
        // The model reads the restated question as agreement (as it did for such answers in fact-checkers' evidence).
        var model = new StanceProbabilities(0.81, 0.06, 0.13);
        var stance = RuleStance.Decide(model, StanceClassifier.Detect(claim, passage), cosine: 0.9, "test");
        Assert.Equal(Stance.Refutes, stance.Stance);
        Assert.Contains("the answer to a yes/no question about the claim denies it", stance.Signals);
        Assert.Equal(StanceClassifier.Contradicted, stance.Probabilities);

        var affirmed = RuleStance.Decide(model, StanceClassifier.Detect(claim, passage[..^2] + "Yes"), cosine: 0.9, "test");
        Assert.Equal(Stance.Supports, affirmed.Stance);
    }

    [Theory]
    [InlineData("Jay Leno dead at 71", "Q: Is Jay Leno still alive? A: Yes. Satire / Fake news.", true)]
    [InlineData("Pope Francis endorsed Donald Trump for president.", "The story that Pope Francis endorsed Trump came from a satirical site.", true)]
    [InlineData("Department of telecom in India has made internet free till May 17, 2020.",
        "Q: Has the Department of Telecom in India made internet free to use until may 17th 2020? A: This claim is totally false and the link given is fake.", true)]
    [InlineData("In India the 21-day lockdown is to be extended.", "The Cabinet Secretary said that there is no such plan of extending the lockdown.", true)]
    [InlineData("The minister resigned on Monday.", "Reports that the minister resigned on Monday are not true.", true)]
    [InlineData("Facebook changed its privacy rules to use users' posts in lawsuits against them.",
        "Q: What was Facebook's response to the claim that it had changed its privacy rules? A: The message you saw about the privacy rules is likely a scam.", true)]
    // Negated, or only in the question, or another sense of the word: nothing is called false.
    [InlineData("The video shows the flood in Chennai.", "The video of the flood in Chennai is not fake.", false)]
    [InlineData("The video shows the flood in Chennai.", "Q: Is the video of the flood in Chennai fake? A: No, it was filmed there in 2015.", false)]
    [InlineData("The rapid test detects most infections.", "The rapid test gave false positives in a tenth of infections.", false)]
    // A claim about a hoax is not refuted by the word; a hoax about something else says nothing of the claim.
    [InlineData("Police say the bomb threat at the school was a hoax.", "Police said the bomb threat at the school was a hoax.", false)]
    [InlineData("Jay Leno dead at 71", "The site publishes hoaxes about sports results.", false)]
    [InlineData("Jay Leno dead at 71", "Jay Leno hosted the Tonight Show until 2014.", false)]
    public void A_passage_about_the_claim_that_calls_it_made_up_is_told(string claim, string passage, bool fabricated) =>
        Assert.Equal(fabricated, StanceClassifier.CallsFabricated(claim, passage));

    [Theory]
    [InlineData("Drinking water will protect you from COVID-19.",
        "Q: Can drinking water protect you from COVID-19? A: While staying hydrated by drinking water is important for overall health, it does not prevent coronavirus infection.", true)]
    [InlineData("UV rays from sunlight kill the coronavirus.", "Q: Will UV rays from the sun kill the coronavirus? A: Exposing the virus to UVA for 15 minutes had no impact on how infectious it was.", true)]
    [InlineData("warm water is effective in curing joint pain", "Q: What is the cure for joint pain A: There is no cure for osteoarthritis (joint pain)", true)]
    [InlineData("The anti-tuberculosis vaccine protects against coronavirus.",
        "WHO have said: there is no evidence that the Bacille Calmette-Guerin vaccine (BCG) protects people against infection with the coronavirus.", true)]
    [InlineData("Consuming grape seeds and bitter almonds will cure cancer", "Although it has antioxidant properties, grape seed has not been shown to treat or prevent cancer.", true)]
    // Found trying the service: "vaccines cause autism" against "no link" leaned refuted at 0.46, not decisively.
    [InlineData("Vaccines cause autism.", "Numerous large studies have found no link between vaccines and autism.", true)]
    [InlineData("5G networks cause COVID-19.", "Q: Does 5G cause COVID-19? A: No. Viruses cannot travel on radio waves, and 5G does not cause the disease.", true)]
    [InlineData("Vaccines cause autism.", "Studies found that vaccines cause mild fever in some children, and no link to autism was confirmed by them.", true)]
    [InlineData("Smoking causes lung cancer.", "Smoking causes most cases of lung cancer.", false)]
    // Agreement, "not only", a negated claim (left to the model), a current affair with no effect word, another topic.
    [InlineData("Washing hands prevents infection.", "Washing hands with soap not only prevents infection but also stops its spread.", false)]
    [InlineData("Washing hands prevents infection.", "Washing hands with soap prevents infection.", false)]
    [InlineData("Vitamin C does not cure colds.", "There is no cure for the common cold, and vitamin C does not shorten it.", false)]
    [InlineData("The current government raised fuel prices.", "The government has not raised fuel prices this year.", false)]
    [InlineData("Garlic cures colds.", "There is no cure for migraines.", false)]
    public void A_passage_saying_a_remedy_does_not_work_is_told(string claim, string passage, bool denied) =>
        Assert.Equal(denied, StanceClassifier.DeniesEffect(claim, passage));

    [Theory]
    [InlineData("Obasanjo said there will be a second war in Nigeria",
        "Q: Did Obasanjo say there would be a second war in Nigeria in an interview with Premium Times? A: There is no mention of a second war in Nigeria within the Premium Times interview with Obasanjo.", true)]
    [InlineData("Donald Trump tweeted in 2009 that Obama's handling of the pandemic was terrible.",
        "Q: By searching the Trump Twitter Archive, did Donald Trump tweet the quote in the claim? A: Searching the archive does not find the quote.", true)]
    [InlineData("Barack Obama told Africans to reject coronavirus vaccines.", "Obama never said Africans should reject coronavirus vaccines.", true)]
    // The claim reports nothing said; the claim is itself negated; the passage is about something else.
    [InlineData("Obasanjo predicted a second war in Nigeria.", "There is no mention of a second war in Nigeria in the interview.", false)]
    [InlineData("Obasanjo never said there will be a second war in Nigeria.", "There is no mention of a second war in Nigeria in the interview.", false)]
    [InlineData("Obasanjo said there will be a second war in Nigeria.", "Q: Who wrote the report? A: The reporter could not find the budget figures.", false)]
    // Only the answer counts: the question may ask whether a record exists.
    [InlineData("Obasanjo said there will be a second war in Nigeria.", "Q: Is there no record of Obasanjo saying there will be a second war in Nigeria? A: He said it in a 2019 interview.", false)]
    public void A_passage_finding_no_record_of_a_reported_statement_is_told(string claim, string passage, bool denied) =>
        Assert.Equal(denied, StanceClassifier.DeniesStatement(claim, passage));

    [Theory]
    [InlineData("Tint Tint Htun, a former Myanmar actress and singer who became a Buddhist nun, has died.",
        "Q: Is Tint Tint Htun still alive? A: Singer Moe Moe confirms that her younger brother has told him she is not dead and that she is meditating at the nunnery she lives.", true)]
    [InlineData("Kim Jong Un is dead.", "Kim Jong Un is alive and well, South Korea's security adviser said.", true)]
    // Only the answer counts; a negated claim is left to the model; another person; no death in the claim.
    [InlineData("Kim Jong Un is dead.", "Q: Is Kim Jong Un still alive? A: State media reported his funeral on Friday.", false)]
    [InlineData("Kim Jong Un is not dead.", "Kim Jong Un is alive and well, South Korea's security adviser said.", false)]
    [InlineData("Kim Jong Un is dead.", "The singer is alive and well, her label said.", false)]
    [InlineData("Kim Jong Un visited a factory.", "Kim Jong Un is alive and well and visited a factory.", false)]
    public void A_passage_saying_the_person_reported_dead_is_alive_is_told(string claim, string passage, bool denied) =>
        Assert.Equal(denied, StanceClassifier.DeniesDeath(claim, passage));

    [Theory]
    [InlineData("A Budweiser employee has been urinating in a beer tank for 12 years.",
        "Q: What sort of site is this? A: At the end of the website, there is a disclaimer that stated, \u201CThis website is a humorous page whose sole purpose is entertainment. The content of Foolish Humor is fiction and does not correspond to reality.\u201D", true)]
    [InlineData("Kamala Harris said Trump supporters would be coming for next.",
        "Q: What kind of website is bustatroll.org A: It is a satirical website and identifies as a subsidiary of a network of parody, satire, and tomfoolery", true)]
    [InlineData("Illinois banned the sale of alcohol on March 30 2020", "Q: What is Channel22news? A: A website that allows users to create their own news stories for the purpose of pranks.", true)]
    // A claim that itself speaks of satire; only the answer counts; science fiction is not a satire source; a humorous remark is not a humorous site.
    [InlineData("The Onion is a satirical newspaper.", "The Onion publishes satire.", false)]
    [InlineData("A Budweiser employee has been urinating in a beer tank.", "Q: Is this story satire? A: No, the local paper reported it with court records.", false)]
    [InlineData("NASA found water on Mars.", "The film is a work of science fiction about a Mars mission.", false)]
    [InlineData("The mayor said the budget is balanced.", "The mayor made a humorous remark before saying the budget is balanced.", false)]
    public void A_passage_tracing_the_story_to_satire_is_told(string claim, string passage, bool satire) =>
        Assert.Equal(satire, StanceClassifier.FromSatire(claim, passage));

    [Theory]
    [InlineData("52 group admins from WhatsApp were arrested at Dadar cyber crime police station for misleading forwards.",
        "Q: Did 52 people get arrested for circulating misleading messages on whatsapp? A: There is no record of the arrests on the ministry of home affairs website and a policeman has denied the claim.", true)]
    [InlineData("Hindu temples were found after Muslims' homes were demolished for the Kashi Vishwanath Corridor.",
        "Q: How many Muslim homes were demolished for the construction of the Kashi Corridor A: There were no Muslim homes demolished, all the names on the list are Hindu names", true)]
    [InlineData("There is an upcoming shortage of Dr. Pepper because of the coronavirus.",
        "Q: Has the production of Dr. Pepper slowed down because of COVID-19 pandemic A: Searching on Bloomberg.com does not produce any report of the sort", true)]
    [InlineData("NASCAR eliminated pre-race prayers and national anthem performances.",
        "Q: Is there a record or announcement of the ban on NASCAR's website A: There is nothing of the sort on NASCAR's website about prayers or the national anthem", true)]
    // "No doubt" affirms; a negated claim is left to the model; only the answer counts; a passage about something else.
    [InlineData("The Arctic sea ice is shrinking.", "There is no doubt that Arctic sea ice is shrinking.", false)]
    [InlineData("There is no shortage of Dr. Pepper.", "There is no shortage of Dr. Pepper, the company said.", false)]
    [InlineData("Police arrested 52 group admins in Dadar.", "Q: Is there no record of the arrests in Dadar? A: Police listed all 52 arrests on their website.", false)]
    [InlineData("Police arrested 52 group admins in Dadar.", "There is no parking near the station.", false)]
    public void A_passage_finding_none_of_what_the_claim_reports_is_told(string claim, string passage, bool none) =>
        Assert.Equal(none, StanceClassifier.FindsNone(claim, passage));

    [Theory]
    // Approximate, floor and ceiling amounts agree with what lies within or past them.
    [InlineData("About 300,000 people attended the rally.", "Police counted 321,652 people at the rally.", 1, 0)]
    [InlineData("Not even 1% of the budget goes to research.", "Research gets 0.6% of the budget.", 1, 0)]
    [InlineData("More than 6,000 people were evacuated.", "Officials said 6,800 people were evacuated.", 1, 0)]
    // "COVID-19" holds no number and a spelled-out "one" is not a count to compare ("one judge serving over 300,000 people").
    [InlineData("Sweden has a lower COVID-19 death rate than Spain.", "Q: What was the death rate in Spain as a result of COVID-19? A: 61.17 deaths per 100,000 inhabitants.", 0, 0)]
    [InlineData("Kenya has one magistrate serving over 77,000 people", "Q: How many magistrates are in Kenya in 2019 A: 546 magistrates", 0, 0)]
    // And disagree with what lies outside.
    [InlineData("In Kenya the Judiciary has almost 7,000 employees.", "The judiciary had 5,584 employees on 30 June 2019.", 0, 1)]
    [InlineData("More than 6,000 people were evacuated.", "Officials said 4,100 people were evacuated.", 0, 1)]
    [InlineData("Not even 1% of the budget goes to research.", "Research gets 3% of the budget.", 0, 1)]
    [InlineData("The rally drew 300,000 people.", "Police counted 321,652 people at the rally.", 0, 1)]
    public void A_claim_s_bound_on_an_amount_is_read(string claim, string passage, int agreeing, int conflicting)
    {
        var signals = StanceClassifier.Detect(claim, passage);
        Assert.Equal(agreeing, signals.NumbersAgreeing);
        Assert.Equal(conflicting, signals.NumbersConflicting);
    }

    [Theory]
    [InlineData("45% of Nigeria's revenue goes to the federal government.", "Q: How much of Nigeria's revenue goes to the federal government? A: 52.68 % goes to the federal government.", true)]
    // The answer agrees, the question is about something else, or nothing was found.
    [InlineData("45% of Nigeria's revenue goes to the federal government.", "Q: How much of Nigeria's revenue goes to the federal government? A: 45 percent.", false)]
    [InlineData("45% of Nigeria's revenue goes to the federal government.", "Q: What share of votes did the governor win? A: 52.68 % of the votes.", false)]
    [InlineData("45% of Nigeria's revenue goes to the federal government.", "Q: How much of Nigeria's revenue goes to the federal government? A: No answer could be found.", false)]
    // A question that repeats the claim's number is not a source agreeing with it: only the answer's numbers count.
    [InlineData("In Kenya the Judiciary has almost 7,000 employees.",
        "Q: Does Kenya's Judiciary has almost 7,000 employees? A: 2018/19 financial year shows the judiciary had 5,584 employees on 30 June 2019.", true)]
    [InlineData("In Kenya the Judiciary has almost 7,000 employees.",
        "Q: Does Kenya's Judiciary have 5,584 employees? A: It had almost 7,000 employees in 2019.", false)]
    public void An_answer_giving_the_claim_s_quantity_otherwise_refutes_it(string claim, string passage, bool refutes)
    {
        // The model finds the pair neutral and the embeddings are not close: the answer still decides.
        var stance = RuleStance.Decide(new StanceProbabilities(0.15, 0.12, 0.73), StanceClassifier.Detect(claim, passage), cosine: 0.7, "test");
        Assert.Equal(refutes, stance.Signals.Contains("the answer gives the claim's quantity otherwise"));
        Assert.Equal(refutes ? Stance.Refutes : Stance.Neutral, stance.Stance);
    }

    /// <summary>Each veto decides over what the model read into the passage (probabilities as the model gave them).</summary>
    [Theory]
    [InlineData("Jay Leno dead at 71", "Q: Is Jay Leno still alive? A: Yes. Satire / Fake news.", 0.87, 0.05, 0.08,
        "the passage calls the story false or made up (fake, hoax, satire, not true)")]
    [InlineData("Drinking water will protect you from COVID-19.",
        "Q: Can drinking water protect you from COVID-19? A: While staying hydrated by drinking water is important for overall health, it does not prevent coronavirus infection.",
        0.74, 0.12, 0.14, "the passage says it does not do what the claim says (no cure, does not prevent, no link)")]
    [InlineData("Obasanjo said there will be a second war in Nigeria",
        "Q: Did Obasanjo say there would be a second war in Nigeria in an interview with Premium Times? A: There is no mention of a second war in Nigeria within the Premium Times interview with Obasanjo.",
        0.12, 0.19, 0.69, "the passage finds no record of the statement the claim reports (no mention, never said)")]
    [InlineData("Tint Tint Htun, a former Myanmar actress and singer who became a Buddhist nun, has died.",
        "Q: Is Tint Tint Htun still alive? A: Singer Moe Moe confirms that her younger brother has told him she is not dead and that she is meditating at the nunnery she lives.",
        0.28, 0.16, 0.56, "the passage says the person the claim reports dead is alive")]
    [InlineData("Budweiser admits several employees have been pissing in its beer tanks for years.",
        "Q: Who published the claim? A: satire website called \u201Cfoolishumor.com\u201D.", 0.30, 0.05, 0.65, "the passage traces the story to satire or fiction")]
    [InlineData("52 group admins from WhatsApp were arrested at Dadar cyber crime police station for misleading forwards.",
        "Q: Did 52 people get arrested for circulating misleading messages on whatsapp? A: There is no record of the arrests on the ministry of home affairs website and a policeman has denied the claim.",
        0.20, 0.10, 0.70, "the passage finds none of what the claim reports (there is no, no record of, denied the claim)")]
    public void A_veto_refutes_whatever_the_model_reads_into_the_passage(string claim, string passage, double supports, double refutes, double neutral, string reason)
    {
        var stance = RuleStance.Decide(new StanceProbabilities(supports, refutes, neutral), StanceClassifier.Detect(claim, passage), cosine: 0.7, "test");
        Assert.Equal(Stance.Refutes, stance.Stance);
        Assert.Contains(reason, stance.Signals);
        Assert.Equal(StanceClassifier.Contradicted, stance.Probabilities);
    }
}
