using System.Security.Cryptography;
using System.Text;
using FactCheck.Analysis.Embeddings;

namespace FactCheck.Tools;

/// <summary>Embeddings of many sentences, computed once and kept in a file keyed by the text's hash.</summary>
public sealed class EmbeddingCache(string path, ISentenceEmbedder embedder)
{
    readonly Dictionary<string, float[]> vectors = Load(path);

    public float[][] Get(IReadOnlyList<string> sentences)
    {
        var missing = sentences.Where(s => !vectors.ContainsKey(Key(s))).Distinct().ToList();
        if (missing.Count > 0)
        {
            Console.Error.WriteLine($"embedding {missing.Count} sentences (cached in {path})...");
            var computed = embedder.Embed(missing);
            for (var i = 0; i < missing.Count; i++) vectors[Key(missing[i])] = computed[i];
            Save();
        }
        return sentences.Select(s => vectors[Key(s)]).ToArray();
    }

    static string Key(string sentence) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(sentence)))[..32];

    static Dictionary<string, float[]> Load(string path)
    {
        var result = new Dictionary<string, float[]>();
        if (!File.Exists(path)) return result;
        using var reader = new BinaryReader(File.OpenRead(path));
        var count = reader.ReadInt32();
        var dims = reader.ReadInt32();
        for (var i = 0; i < count; i++)
        {
            var key = reader.ReadString();
            var v = new float[dims];
            for (var d = 0; d < dims; d++) v[d] = reader.ReadSingle();
            result[key] = v;
        }
        return result;
    }

    void Save()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var writer = new BinaryWriter(File.Create(path));
        writer.Write(vectors.Count);
        writer.Write(embedder.Dimensions);
        foreach (var (key, v) in vectors)
        {
            writer.Write(key);
            foreach (var x in v) writer.Write(x);
        }
    }
}
