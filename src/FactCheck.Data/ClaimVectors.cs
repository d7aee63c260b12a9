using System.Numerics.Tensors;

namespace FactCheck.Data;

/// <summary>
/// Claim embeddings as stored: 384 half-precision floats (768 bytes) in <c>claims.embedding</c>. Half
/// precision halves the bytes read per candidate; the cosine error it adds is below 1e-3.
/// </summary>
public static class ClaimVectors
{
    public static byte[] Encode(ReadOnlySpan<float> vector)
    {
        var bytes = new byte[vector.Length * 2];
        for (var i = 0; i < vector.Length; i++)
            BitConverter.TryWriteBytes(bytes.AsSpan(i * 2), (Half)vector[i]);
        return bytes;
    }

    public static float[] Decode(ReadOnlySpan<byte> bytes)
    {
        var vector = new float[bytes.Length / 2];
        for (var i = 0; i < vector.Length; i++)
            vector[i] = (float)BitConverter.ToHalf(bytes.Slice(i * 2, 2));
        return vector;
    }

    public static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => TensorPrimitives.CosineSimilarity(a, b);
}
