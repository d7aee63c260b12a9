namespace FactCheck.Data;

/// <summary>
/// A change that matters to a client (an article verified, a verdict changed…), written in the same transaction
/// as the change itself: an event exists if and only if its change committed. <see cref="Sequence"/> is the
/// cursor of <c>GET /api/v1/events</c>; event writers take one transaction lock before inserting, so sequence
/// order is commit order and a reader that has seen event N will never later find an event below N.
/// </summary>
public sealed class ChangeEvent
{
    /// <summary>Insert order (internal: deliveries refer to it). Not commit order: concurrent writers commit in any order.</summary>
    public long Sequence { get; set; }
    /// <summary>
    /// The event's place in the feed, given after its transaction ended (<c>Events.EventFeed</c>): strictly increasing,
    /// without gaps, and never below a position already given, so a reader following it misses nothing. Null until then.
    /// The table also has <c>transaction_id</c> (xid8, <c>pg_current_xact_id()</c> at insert), not mapped.
    /// </summary>
    public long? Position { get; set; }
    /// <summary>Stable id, the <c>webhook-id</c> of every delivery of this event (receivers de-duplicate on it).</summary>
    public Guid Id { get; set; }
    /// <summary><c>article.verified</c>, <c>claim.verdict_changed</c>… (see <c>Webhooks.EventTypes</c>).</summary>
    public required string Type { get; set; }
    /// <summary>The article the event concerns: deliveries of one article's events keep their order.</summary>
    public Guid? ArticleId { get; set; }
    public Guid? ClaimId { get; set; }
    /// <summary>The event's data object, jsonb, in the stored format of <c>Webhooks.EventData</c>.</summary>
    public required string Data { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A newsroom tool's webhook: where events of the chosen types are delivered, signed with its secret.</summary>
public sealed class WebhookSubscription
{
    public Guid Id { get; set; }
    public required string Url { get; set; }
    public List<string> EventTypes { get; set; } = [];
    public string? Description { get; set; }
    /// <summary>The signing secret, <c>whsec_</c> + base64 of 32 random bytes. Shown once, at creation.</summary>
    public required string Secret { get; set; }
    public bool Enabled { get; set; } = true;
    /// <summary>Why deliveries stopped, when they did: a delivery that failed for the whole retry window, a blocked URL.</summary>
    public string? DisabledReason { get; set; }
    public DateTimeOffset? DisabledAt { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public enum DeliveryStatus { Pending, Delivered, Failed }

/// <summary>
/// One event for one subscription: the delivery queue. Created with the event (same transaction), taken by a
/// worker under a lease, retried with backoff until delivered or until the retry window ends.
/// </summary>
public sealed class WebhookDelivery
{
    public Guid Id { get; set; }
    public Guid SubscriptionId { get; set; }
    public WebhookSubscription Subscription { get; set; } = null!;
    public long EventSequence { get; set; }
    public ChangeEvent Event { get; set; } = null!;
    /// <summary>The event's article (or the event itself when it has none): deliveries with one key go out in order.</summary>
    public Guid OrderingKey { get; set; }
    public DeliveryStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public Guid? LeaseOwner { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }
    public int? LastStatusCode { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>When the retry window began: the first attempt, or the first after a redelivery was asked for.</summary>
    public DateTimeOffset? FirstAttemptAt { get; set; }
    public DateTimeOffset? LastAttemptAt { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
}
