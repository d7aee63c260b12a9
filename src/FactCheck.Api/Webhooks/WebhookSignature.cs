using System.Security.Cryptography;
using System.Text;

namespace FactCheck.Api.Webhooks;

/// <summary>
/// Signatures as the Standard Webhooks specification defines them (standardwebhooks.com): the secret is
/// <c>whsec_</c> + base64 key bytes; the signed content is <c>{webhook-id}.{webhook-timestamp}.{body}</c>; the
/// <c>webhook-signature</c> header is <c>v1,</c> + base64 of its HMAC-SHA256. Receivers check it with any of the
/// specification's libraries, and reject timestamps far from their clock (replays).
/// </summary>
public static class WebhookSignature
{
    public const string SecretPrefix = "whsec_";

    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static string Sign(string secret, string id, long timestamp, string body)
    {
        var key = Convert.FromBase64String(secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret);
        var content = Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}");
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, content));
    }
}
