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
