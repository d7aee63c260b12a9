namespace FactCheck.Data;

/// <summary>
/// A caller's API key. Only a SHA-256 hash of the secret is stored; the key's public prefix finds the row
/// and the hash is compared in constant time.
/// </summary>
public sealed class ApiKey
{
    public Guid Id { get; set; }
    /// <summary>Who holds the key: recorded as the submitter, reviewer and audit actor.</summary>
    public required string Name { get; set; }
    /// <summary>The public part of the key (<c>fc_XXXXXXXX</c>), shown in listings and logs.</summary>
    public required string Prefix { get; set; }
    /// <summary>SHA-256 of the whole key.</summary>
    public required byte[] Hash { get; set; }
    public List<string> Roles { get; set; } = [];
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public string? RevokedBy { get; set; }
}

/// <summary>One write, who made it and when. Written in the same transaction as the write itself.</summary>
public sealed class AuditEvent
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    /// <summary>The key's name.</summary>
    public required string Actor { get; set; }
    public Guid? ApiKeyId { get; set; }
    /// <summary>What happened, as <c>entity.verb</c>: <c>article.created</c>, <c>verdict.created</c>, <c>api_key.revoked</c>.</summary>
    public required string Action { get; set; }
    public required string EntityType { get; set; }
    public Guid? EntityId { get; set; }
    /// <summary>A short JSON object with what changed (never a secret).</summary>
    public string? Details { get; set; }
    public string? TraceId { get; set; }
}
