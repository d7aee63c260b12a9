using System.Threading.RateLimiting;
using Npgsql;

namespace FactCheck.Api.Security;

/// <summary>
/// A token bucket kept in PostgreSQL (<c>rate_buckets</c>), so every API process on one database spends the same
/// budget of a key: three processes give a key one budget, not three. Each request is one statement: refill by the
/// time since the bucket was last touched, take a token if one is there, all under the row's lock.
/// </summary>
public sealed class SharedTokenBucket(NpgsqlDataSource database, string bucket, int limit, TimeSpan window) : RateLimiter
{
    // LEAST(limit, tokens + elapsed · rate): what the bucket holds now; a token is taken when that is at least 1.
    const string Sql = """
        INSERT INTO rate_buckets AS b (bucket, tokens, granted, updated_at) VALUES (@bucket, @limit - 1, true, now())
        ON CONFLICT (bucket) DO UPDATE SET
            tokens = LEAST(@limit, b.tokens + EXTRACT(EPOCH FROM now() - b.updated_at) * @rate)
                     - CASE WHEN LEAST(@limit, b.tokens + EXTRACT(EPOCH FROM now() - b.updated_at) * @rate) >= 1 THEN 1 ELSE 0 END,
            granted = LEAST(@limit, b.tokens + EXTRACT(EPOCH FROM now() - b.updated_at) * @rate) >= 1,
            updated_at = now()
        RETURNING granted, tokens
        """;

    double Rate => limit / window.TotalSeconds;

    public override TimeSpan? IdleDuration => null;

    public override RateLimiterStatistics? GetStatistics() => null;

    protected override RateLimitLease AttemptAcquireCore(int permitCount) =>
        AcquireAsyncCore(permitCount, CancellationToken.None).AsTask().GetAwaiter().GetResult();

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(Sql);
        command.Parameters.AddWithValue("bucket", bucket);
        command.Parameters.AddWithValue("limit", (double)limit);
        command.Parameters.AddWithValue("rate", Rate);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var granted = reader.GetBoolean(0);
        var tokens = reader.GetDouble(1);
        return granted ? Lease.Granted : new Lease(TimeSpan.FromSeconds(Math.Max(0.001, (1 - tokens) / Rate)));
    }

    sealed class Lease(TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly Lease Granted = new(null);

        public override bool IsAcquired => retryAfter is null;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter;
            return retryAfter is not null && metadataName == MetadataName.RetryAfter.Name;
        }
    }
}
