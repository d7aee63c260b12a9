namespace FactCheck.Analysis.Claims;

/// <summary>How the stored models write their float arrays: little-endian float32, base64.</summary>
public static class FloatArrays
{
    public static string ToBase64(float[] values)
    {
        var bytes = new byte[values.Length * sizeof(float)];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        return Convert.ToBase64String(bytes);
    }

    public static float[] FromBase64(string base64)
    {
        var bytes = Convert.FromBase64String(base64);
        var values = new float[bytes.Length / sizeof(float)];
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        return values;
    }
}
