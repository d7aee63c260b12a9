using Microsoft.ML.OnnxRuntime;

namespace FactCheck.Analysis.Embeddings;

/// <summary>One run of a BERT-shaped ONNX graph (input_ids, attention_mask, token_type_ids), for the embedder and the cross-encoder.</summary>
internal static class BertInputs
{
    /// <summary>
    /// Pads each row's ids (and token types, zero when null) to the longest row, runs the graph and returns a copy of
    /// <paramref name="output"/>, row-major ([rows, width, …] or [rows, …]).
    /// </summary>
    public static (float[] Values, int Width) Run(InferenceSession session, IReadOnlyList<int[]> rows, IReadOnlyList<int[]>? types, int pad, string output)
    {
        var width = rows.Max(r => r.Length);
        var ids = new long[rows.Count * width];
        var mask = new long[rows.Count * width];
        var typeIds = new long[rows.Count * width];
        for (var r = 0; r < rows.Count; r++)
            for (var t = 0; t < width; t++)
            {
                var real = t < rows[r].Length;
                ids[r * width + t] = real ? rows[r][t] : pad;
                mask[r * width + t] = real ? 1 : 0;
                typeIds[r * width + t] = real && types is not null ? types[r][t] : 0;
            }
        long[] shape = [rows.Count, width];
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, shape);
        using var typesValue = OrtValue.CreateTensorValueFromMemory(typeIds, shape);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions,
            new Dictionary<string, OrtValue> { ["input_ids"] = idsValue, ["attention_mask"] = maskValue, ["token_type_ids"] = typesValue },
            [output]);
        return (outputs[0].GetTensorDataAsSpan<float>().ToArray(), width);
    }

    /// <summary>
    /// A model shipped as an embedded resource with its JSON manifest beside it: the model's bytes and the manifest read
    /// as <typeparamref name="TManifest"/>, or null when the assembly carries either not.
    /// </summary>
    public static (byte[] Model, TManifest Manifest)? ReadEmbedded<TManifest>(System.Reflection.Assembly assembly, string modelResource, string manifestResource,
        System.Text.Json.JsonSerializerOptions json)
    {
        using var model = assembly.GetManifestResourceStream(modelResource);
        using var manifest = assembly.GetManifestResourceStream(manifestResource);
        if (model is null || manifest is null) return null;
        using var buffer = new MemoryStream();
        model.CopyTo(buffer);
        return (buffer.ToArray(), System.Text.Json.JsonSerializer.Deserialize<TManifest>(manifest, json)
            ?? throw new InvalidOperationException($"The manifest {manifestResource} is empty."));
    }

    /// <summary>
    /// Sets a session's threads and returns how many runs to make at a time. A graph read one row per run (an int8
    /// graph, whose activation scales span the input) runs each run on one thread, <paramref name="threads"/> (0: every
    /// core) at a time: a run this small splits badly across threads (25-35% faster so on two cores). A batched graph
    /// makes one run at a time on <paramref name="threads"/> (0: ONNX Runtime's default).
    /// </summary>
    public static int ConfigureThreads(SessionOptions options, int threads, bool onePerRun)
    {
        if (!onePerRun)
        {
            if (threads > 0) options.IntraOpNumThreads = threads;
            return 1;
        }
        options.IntraOpNumThreads = 1;
        return threads > 0 ? threads : Environment.ProcessorCount;
    }

    /// <summary>
    /// Cuts <paramref name="order"/> into batches of <paramref name="batchSize"/> and calls <paramref name="run"/> on
    /// each, up to <paramref name="parallelRuns"/> at a time (a session runs concurrently; each batch writes its own rows).
    /// </summary>
    public static void ForEachBatch(int[] order, int batchSize, int parallelRuns, CancellationToken cancellationToken, Action<int[]> run)
    {
        var batches = (order.Length + batchSize - 1) / batchSize;
        int[] Batch(int b) => order.AsSpan(b * batchSize, Math.Min(batchSize, order.Length - b * batchSize)).ToArray();
        if (parallelRuns <= 1 || batches <= 1)
        {
            for (var b = 0; b < batches; b++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                run(Batch(b));
            }
            return;
        }
        Parallel.For(0, batches, new ParallelOptions { MaxDegreeOfParallelism = parallelRuns, CancellationToken = cancellationToken }, b => run(Batch(b)));
    }
}
