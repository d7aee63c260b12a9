using System.Text.Json;
using FactCheck.Analysis.Claims;

namespace FactCheck.Analysis.Tests.Claims;

/// <summary>
/// The C# side of the learned check-worthiness classifier against what its training wrote
/// (<c>tools/checkworthiness/train_cw.py final</c>): the same ids from the same sentences, the torch logits from the
/// assembled int8 graph, and the stacking the folds chose.
/// </summary>
public sealed class CheckWorthinessEncoderTests
{
    static readonly Lazy<CheckWorthinessEncoder> Encoder = new(() => CheckWorthinessEncoder.LoadEmbedded(threads: 1)
        ?? throw new InvalidOperationException("no check-worthiness encoder embedded"));

    static List<JsonElement> Fixture => [.. JsonDocument.Parse(Fixtures.Read("checkworthiness-sentences.json")).RootElement.EnumerateArray()];

    [Fact]
    public void The_service_ships_the_encoder_and_its_provenance()
    {
        var manifest = CheckWorthinessEncoder.EmbeddedManifest();

        Assert.NotNull(manifest);
        Assert.Equal(manifest.Version, ClaimExtractor.CreateDefault().Model.Version);
        Assert.Contains("CLEF 2019", manifest.Provenance.GetProperty("data").GetString(), StringComparison.Ordinal);
        Assert.Contains("train_cw.py final", manifest.Provenance.GetProperty("command").GetString(), StringComparison.Ordinal);
        // The stacking gives the learned logit weight: a model whose weight was fitted to nothing would not be shipped.
        Assert.True(manifest.Stacking.Learned > 0, $"learned weight {manifest.Stacking.Learned}");
    }

    [Fact]
    public void Sentences_are_encoded_as_the_training_script_encoded_them()
    {
        var fixture = Fixture;
        Assert.True(fixture.Count >= 10);
        foreach (var f in fixture)
        {
            var (ids, types) = Encoder.Value.Encode(f.GetProperty("previous").GetString()!, f.GetProperty("sentence").GetString()!);
            Assert.Equal(f.GetProperty("ids").EnumerateArray().Select(i => i.GetInt32()), ids);
            Assert.Equal(f.GetProperty("types").EnumerateArray().Select(i => i.GetInt32()), types);
        }
    }

    [Fact]
    public void Long_context_keeps_the_previous_sentences_end_and_the_sentences_start()
    {
        var encoder = Encoder.Value;
        var previous = string.Join(" ", Enumerable.Range(0, 100).Select(i => $"w{i}"));
        var sentence = string.Join(" ", Enumerable.Range(0, 300).Select(i => $"claim{i}"));
        var (ids, types) = encoder.Encode(previous, sentence);

        Assert.Equal(encoder.Manifest.MaxLength, ids.Length);
        if (encoder.Manifest.MaxPreviousTokens == 0)
        {
            // A model trained on the sentence alone: [CLS] sentence [SEP], whatever came before.
            Assert.Equal(ids, encoder.Encode("", sentence).Ids);
            Assert.Equal(encoder.Tokenizer.Encode(sentence).Take(encoder.Manifest.MaxLength - 2), ids[1..^1]);
            Assert.All(types, t => Assert.Equal(0, t));
            return;
        }
        var sep = Array.IndexOf(ids, encoder.Tokenizer.Sep);
        Assert.Equal(encoder.Manifest.MaxPreviousTokens + 1, sep);
        Assert.Equal(encoder.Tokenizer.Encode(previous).TakeLast(encoder.Manifest.MaxPreviousTokens), ids[1..sep]);
        Assert.All(types[(sep + 1)..], t => Assert.Equal(1, t));
        Assert.All(types[..(sep + 1)], t => Assert.Equal(0, t));
    }

    [Fact]
    public void The_assembled_model_reproduces_the_training_logits()
    {
        var fixture = Fixture;
        var logits = Encoder.Value.Logits([.. fixture.Select(f => (f.GetProperty("previous").GetString()!, f.GetProperty("sentence").GetString()!))]);
        var expected = fixture.Select(f => f.GetProperty("logit").GetSingle()).ToArray();
        var errors = expected.Zip(logits, (e, a) => Math.Abs(e - a)).ToArray();

        // int8 matrix products move a logit by a few tenths at most (the cross-encoder's test allows 1.0; this one is
        // a single logit over short inputs); the ranking of the fixture's sentences must survive.
        Assert.True(errors.Max() <= 0.6 && errors.Average() <= 0.2, $"largest error {errors.Max():F3}, mean {errors.Average():F3}");
        var rankExpected = Enumerable.Range(0, expected.Length).OrderByDescending(i => expected[i]).Take(3).ToHashSet();
        var rankActual = Enumerable.Range(0, logits.Length).OrderByDescending(i => logits[i]).Take(3).ToHashSet();
        Assert.True(rankExpected.Intersect(rankActual).Count() >= 2, "the three most check-worthy sentences of the fixture changed");
    }

    [Fact]
    public void A_sentences_logit_does_not_depend_on_what_is_scored_with_it()
    {
        (string, string) sentence = ("The deal was signed.", "Unemployment fell to 3.9 percent in May.");
        var alone = Encoder.Value.Logits([sentence])[0];
        var together = Encoder.Value.Logits([("", "Thank you."), sentence, ("Well.", string.Join(" ", Enumerable.Repeat("word", 60)))])[1];

        Assert.Equal(alone, together);
    }

    [Fact]
    public void Stacking_rises_with_each_input_and_stays_a_probability()
    {
        var encoder = Encoder.Value;

        Assert.True(encoder.Combine(2f, 0.3) > encoder.Combine(-2f, 0.3));
        Assert.True(encoder.Manifest.Stacking.Present <= 0 || encoder.Combine(0f, 0.8) > encoder.Combine(0f, 0.2));
        Assert.InRange(encoder.Combine(50f, 1.0), 0, 1);
        Assert.InRange(encoder.Combine(-50f, 0.0), 0, 1);
    }

    [Fact]
    public void The_rules_only_path_scores_without_the_encoder()
    {
        using var featuresOnly = CheckWorthinessModel.LoadEmbedded(featuresOnly: true);
        var rulesOnly = new ClaimExtractor(featuresOnly);
        const string text = "Good evening and thank you all for coming tonight. Unemployment fell to 3.9 percent in May, the lowest since 2000.";

        var learned = ClaimExtractor.CreateDefault().Score(text);
        var plain = rulesOnly.Score(text);

        Assert.Null(featuresOnly.Encoder);
        Assert.Equal(CheckWorthinessModel.FeaturesVersion, featuresOnly.Version);
        Assert.NotEqual(learned[1].Score, plain[1].Score);
        Assert.Equal(learned[1].Reasons, plain[1].Reasons);
        Assert.True(plain[1].Score > plain[0].Score && learned[1].Score > learned[0].Score);
    }
}
