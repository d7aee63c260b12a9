using System.Buffers.Binary;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FactCheck.Api.Reports;

public sealed class ReportOptions
{
    public const string Section = "Reports";

    /// <summary>How long a share link works when the request does not say (at most <see cref="MaxLinkLifetime"/>).</summary>
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromHours(24);

    public TimeSpan MaxLinkLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Base64 key (at least 32 bytes) that signs share links. Empty: one is made on first use and kept in the
    /// database (<c>signing_keys</c>), so every API process on it accepts every link and links survive restarts.
    /// Changing it invalidates every link given out.
    /// </summary>
    public string? LinkSigningKey { get; set; }
}

/// <summary>
/// Share links for one article's report: <c>{payload}.{mac}</c>, both base64url; the payload is the article id and
/// the expiry (Unix seconds), the MAC is HMAC-SHA256 over it (first 16 bytes). The link carries no API key and
/// grants nothing but reading that report until it expires.
/// </summary>
public sealed class ReportLinks(NpgsqlDataSource database, IOptions<ReportOptions> options)
{
    byte[]? key;

    public async Task<string> CreateAsync(Guid articleId, DateTimeOffset expires, CancellationToken ct)
    {
        var payload = new byte[24];
        articleId.TryWriteBytes(payload.AsSpan(0, 16));
        BinaryPrimitives.WriteInt64BigEndian(payload.AsSpan(16), expires.ToUnixTimeSeconds());
        var mac = HMACSHA256.HashData(await KeyAsync(ct), payload).AsSpan(0, 16);
        return Base64Url(payload) + "." + Base64Url(mac);
    }

    public enum Check { Valid, Invalid, Expired }

    public async Task<(Check Result, Guid ArticleId, DateTimeOffset Expires)> VerifyAsync(string token, DateTimeOffset now, CancellationToken ct)
    {
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || token.Length > 100
            || FromBase64Url(token[..dot]) is not { Length: 24 } payload
            || FromBase64Url(token[(dot + 1)..]) is not { Length: 16 } mac)
            return (Check.Invalid, Guid.Empty, default);
        var expected = HMACSHA256.HashData(await KeyAsync(ct), payload).AsSpan(0, 16);
        if (!CryptographicOperations.FixedTimeEquals(expected, mac)) return (Check.Invalid, Guid.Empty, default);
        var articleId = new Guid(payload.AsSpan(0, 16));
        var expires = DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadInt64BigEndian(payload.AsSpan(16)));
        return (expires <= now ? Check.Expired : Check.Valid, articleId, expires);
    }

    async Task<byte[]> KeyAsync(CancellationToken ct)
    {
        if (key is not null) return key;
        if (options.Value.LinkSigningKey is { Length: > 0 } configured)
        {
            var bytes = Convert.FromBase64String(configured);
            if (bytes.Length < 32) throw new InvalidOperationException("Reports:LinkSigningKey must be at least 32 bytes (base64).");
            return key = bytes;
        }
        // One key for every process on this database: the first to need it makes it, the others read it. A process that
        // lost the race reads it on its second try (its first statement's snapshot predates the winner's commit).
        for (var attempt = 0; ; attempt++)
        {
            await using var command = database.CreateCommand(
                """
                WITH made AS (INSERT INTO signing_keys (name, key, created_at) VALUES ('report-links', $1, now()) ON CONFLICT (name) DO NOTHING RETURNING key)
                SELECT key FROM made UNION ALL SELECT key FROM signing_keys WHERE name = 'report-links' LIMIT 1
                """);
            command.Parameters.Add(new NpgsqlParameter { Value = RandomNumberGenerator.GetBytes(32) });
            if (await command.ExecuteScalarAsync(ct) is byte[] stored) return key = stored;
            if (attempt >= 3) throw new InvalidOperationException("the share-link signing key could not be read");
        }
    }

    static string Base64Url(ReadOnlySpan<byte> bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    static byte[]? FromBase64Url(string text)
    {
        if (text.Length == 0 || text.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))) return null;
        var padded = text.Replace('-', '+').Replace('_', '/');
        padded += new string('=', (4 - padded.Length % 4) % 4);
        byte[] bytes;
        try { bytes = Convert.FromBase64String(padded); }
        catch (FormatException) { return null; }
        // Only the canonical spelling: the unused low bits of the last character must be zero, or one link would have
        // several spellings (a change to its last character could still verify).
        return Base64Url(bytes) == text ? bytes : null;
    }
}
