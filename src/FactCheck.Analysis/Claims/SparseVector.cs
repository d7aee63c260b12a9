namespace FactCheck.Analysis.Claims;

/// <summary>A feature vector as parallel index/value arrays; indices unique, any order.</summary>
public readonly record struct SparseVector(int[] Indices, float[] Values)
{
    public int Count => Indices.Length;
}
