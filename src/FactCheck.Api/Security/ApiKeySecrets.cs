using System.Security.Cryptography;
using System.Text;

namespace FactCheck.Api.Security;

/// <summary>
/// Issued keys look like <c>fc_1a2b3c4d_&lt;43 characters&gt;</c>: the public prefix (<c>fc_1a2b3c4d</c>) finds the row,
/// the rest is 256 random bits. Only the SHA-256 of the whole key is stored; a fast hash is right here
/// because the secret is random, not a password a person chose.
/// </summary>
public static class ApiKeySecrets
{
    public const string Header = "X-Api-Key";
    const string Scheme = "fc_";
    const int PrefixLength = 11; // "fc_" + 8 hex digits

    public static (string Key, string Prefix) Generate()
    {
        var prefix = Scheme + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        return ($"{prefix}_{secret}", prefix);
    }

    /// <summary>The public prefix of a well-formed issued key, else null.</summary>
    public static string? PrefixOf(string key) =>
        key.Length == PrefixLength + 1 + 43 && key.StartsWith(Scheme, StringComparison.Ordinal) && key[PrefixLength] == '_'
            ? key[..PrefixLength]
            : null;

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    /// <summary>Constant-time comparison of a presented key's hash with a stored one.</summary>
    public static bool Matches(string presented, byte[] storedHash) =>
        CryptographicOperations.FixedTimeEquals(Hash(presented), storedHash);

    static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
