using System.Text.Json;
using System.Text;
using FactCheck.Api.Platform;
using FactCheck.Api.Sources;
using FactCheck.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FactCheck.Api.Webhooks;

/// <summary>A delivery a worker has taken, with what it needs to send it.</summary>
public sealed record ClaimedDelivery(Guid Id, Guid SubscriptionId, long EventSequence, int Attempts, DateTimeOffset FirstAttemptAt);

/// <summary>
/// Sends webhook deliveries from the <c>webhook_deliveries</c> queue: takes due ones under a lease
/// (<c>FOR UPDATE SKIP LOCKED</c>), only the earliest pending one per subscription and article, so one article's
/// events arrive in order; signs each (<see cref="WebhookSignature"/>), posts it through the SSRF guard, and
/// records the outcome while the lease is still its own. A failure waits with exponential backoff; after the retry
/// window (a day) the delivery fails and its subscription is disabled, with the reason. At least once: a receiver
/// that answered but whose answer was lost gets the event again, with the same <c>webhook-id</c>.
/// </summary>
public sealed class DeliveryWorker(IServiceScopeFactory scopes, Platform.SchemaGate schema, DeliverySignal signal, IOptions<WebhookOptions> options,
    IHttpClientFactory clients, UrlGuard guard, TimeProvider time, ILogger<DeliveryWorker> logger)
    : Platform.QueueWorker(schema, signal, logger)
{
    public const string ClientName = "webhooks";

    protected override TimeSpan PollInterval => options.Value.PollInterval;

    protected override string Work => "Webhook delivery";

    /// <summary>
    /// Due: pending, past its next attempt, lease free or expired, its subscription enabled, and no earlier pending
    /// delivery of the same subscription and article (one article's events go out in order), and its event placed in the
    /// feed (its sequence, which the body carries, is given once its transaction has ended: <c>Events.EventFeed</c>).
    /// </summary>
    static readonly LeaseQueue Queue = new("webhook_deliveries",
        Lease: "lease_owner = @owner, lease_until = @until, attempts = d.attempts + 1, last_attempt_at = @now, first_attempt_at = coalesce(d.first_attempt_at, @now)",
        Join: "JOIN webhook_subscriptions s ON s.id = x.subscription_id AND s.enabled",
        Due: """
            x.status = 'pending' AND x.next_attempt_at <= @now AND (x.lease_until IS NULL OR x.lease_until < @now)
            AND NOT EXISTS (SELECT 1 FROM webhook_deliveries y
                            WHERE y.subscription_id = x.subscription_id AND y.ordering_key = x.ordering_key
                              AND y.status = 'pending' AND y.event_sequence < x.event_sequence)
            AND EXISTS (SELECT 1 FROM change_events e WHERE e.sequence = x.event_sequence AND e.position IS NOT NULL)
            """,
        Order: "x.next_attempt_at, x.event_sequence");

    public override async Task<bool> RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FactCheckDbContext>();
        var o = options.Value;
        var now = Timestamps.Now(time);
        var until = now + o.LeaseDuration;
        await Events.EventFeed.PlaceAsync(db, ct);
        var claimed = await Queue.ClaimAsync<ClaimedDelivery>(db.Database, Id, now, until, o.BatchSize,
            "d.id, d.subscription_id, d.event_sequence, d.attempts, d.first_attempt_at", ct);
        if (claimed.Count == 0) return false;

        var subscriptionIds = claimed.Select(c => c.SubscriptionId).Distinct().ToList();
        var sequences = claimed.Select(c => c.EventSequence).ToList();
        var subscriptions = await db.WebhookSubscriptions.AsNoTracking().Where(s => subscriptionIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, ct);
        var events = await db.ChangeEvents.AsNoTracking().Where(e => sequences.Contains(e.Sequence)).ToDictionaryAsync(e => e.Sequence, ct);
        // A delivery is deleted with its subscription or event (cascade): one taken just before is skipped.
        var sendable = claimed.Where(c => subscriptions.ContainsKey(c.SubscriptionId) && events.ContainsKey(c.EventSequence)).ToList();
        var outcomes = await Task.WhenAll(sendable.Select(c => SendAsync(subscriptions[c.SubscriptionId], events[c.EventSequence], ct)));
        foreach (var (delivery, outcome) in sendable.Zip(outcomes))
            await CompleteAsync(db, delivery, subscriptions[delivery.SubscriptionId], outcome, ct);
        return true;
    }

    /// <summary>What one attempt gave: delivered (2xx), failed with a status or an error, or refused by the guard.</summary>
    public sealed record Outcome(bool Delivered, int? StatusCode, string? Error, bool Blocked = false, TimeSpan? RetryAfter = null);

    async Task<Outcome> SendAsync(WebhookSubscription subscription, ChangeEvent change, CancellationToken ct)
    {
        if (!Uri.TryCreate(subscription.Url, UriKind.Absolute, out var uri)) return new(false, null, "the URL is not absolute", Blocked: true);
        if (guard.Check(uri) is { } reason) return new(false, null, $"blocked: {reason}", Blocked: true);
        var body = Body(change);
        var id = change.Id.ToString();
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WebhookSignature.Sign(subscription.Secret, id, timestamp, body));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Value.AttemptTimeout);
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            if (status is >= 200 and < 300) return new(true, status, null);
            var retryAfter = response.Headers.RetryAfter?.Delta
                ?? (response.Headers.RetryAfter?.Date is { } date ? date - time.GetUtcNow() : null);
            return new(false, status, $"HTTP {status}" + (status is >= 300 and < 400 ? " (redirects are not followed)" : ""), RetryAfter: retryAfter);
        }
        catch (Exception e) when (BlockedAddressException.FindIn(e) is { } blocked)
        {
            return new(false, null, $"blocked: {blocked.Message}", Blocked: true);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new(false, null, $"no answer within {options.Value.AttemptTimeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException e)
        {
            return new(false, null, e.Message);
        }
    }

    /// <summary>The body every delivery of <paramref name="change"/> carries, as the events endpoint lists it.</summary>
    public static string Body(ChangeEvent change)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("id", change.Id);
            json.WriteString("type", change.Type);
            json.WriteString("timestamp", change.CreatedAt);
            json.WriteNumber("sequence", change.Position ?? throw new InvalidOperationException($"event {change.Id} is not placed in the feed yet"));
            json.WritePropertyName("data");
            json.WriteRawValue(change.Data);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    async Task CompleteAsync(FactCheckDbContext db, ClaimedDelivery delivery, WebhookSubscription subscription, Outcome outcome, CancellationToken ct)
    {
        var o = options.Value;
        var now = Timestamps.Now(time);
        var error = outcome.Error is { Length: > 2000 } e ? e[..2000] : outcome.Error;
        var mine = db.WebhookDeliveries.Where(d => d.Id == delivery.Id && d.LeaseOwner == Id && d.Status == DeliveryStatus.Pending);
        if (outcome.Delivered)
        {
            await mine.ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, DeliveryStatus.Delivered).SetProperty(d => d.DeliveredAt, now)
                .SetProperty(d => d.LastStatusCode, outcome.StatusCode).SetProperty(d => d.LastError, (string?)null)
                .SetProperty(d => d.LeaseOwner, (Guid?)null).SetProperty(d => d.LeaseUntil, (DateTimeOffset?)null), ct);
            return;
        }

        var expired = now - delivery.FirstAttemptAt >= o.RetryWindow;
        if (!outcome.Blocked && !expired)
        {
            var wait = Backoff(delivery.Attempts, outcome.RetryAfter);
            await mine.ExecuteUpdateAsync(s => s
                .SetProperty(d => d.NextAttemptAt, now + wait)
                .SetProperty(d => d.LastStatusCode, outcome.StatusCode).SetProperty(d => d.LastError, error)
                .SetProperty(d => d.LeaseOwner, (Guid?)null).SetProperty(d => d.LeaseUntil, (DateTimeOffset?)null), ct);
            logger.LogWarning("Webhook delivery {Delivery} to {Url} failed (attempt {Attempt}: {Error}); retrying in {Seconds:0.#} s",
                delivery.Id, subscription.Url, delivery.Attempts, error, wait.TotalSeconds);
            return;
        }

        // Failed for good: the delivery ends and the subscription stops, saying why; its other deliveries wait
        // (pending) until an admin enables it again.
        var reason = outcome.Blocked
            ? $"Disabled: its URL is refused by the address policy ({error})."
            : $"Disabled: a delivery failed for {o.RetryWindow} ({delivery.Attempts} attempts, last: {error}).";
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var failed = await mine.ExecuteUpdateAsync(s => s
            .SetProperty(d => d.Status, DeliveryStatus.Failed)
            .SetProperty(d => d.LastStatusCode, outcome.StatusCode).SetProperty(d => d.LastError, error)
            .SetProperty(d => d.LeaseOwner, (Guid?)null).SetProperty(d => d.LeaseUntil, (DateTimeOffset?)null), ct);
        if (failed == 1)
            await db.WebhookSubscriptions.Where(s => s.Id == subscription.Id && s.Enabled)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.Enabled, false).SetProperty(x => x.DisabledReason, reason).SetProperty(x => x.DisabledAt, now), ct);
        await transaction.CommitAsync(ct);
        logger.LogWarning("Webhook subscription {Subscription} ({Url}) stopped. {Reason}", subscription.Id, subscription.Url, reason);
    }

    TimeSpan Backoff(int attempts, TimeSpan? retryAfter)
    {
        var o = options.Value;
        var exponential = o.BaseBackoff.TotalMilliseconds * Math.Pow(2, Math.Min(30, Math.Max(0, attempts - 1)));
        var jittered = TimeSpan.FromMilliseconds(Math.Min(exponential * (0.8 + 0.4 * Random.Shared.NextDouble()), o.MaxBackoff.TotalMilliseconds));
        return retryAfter is { } asked && asked > jittered ? (asked < o.MaxBackoff ? asked : o.MaxBackoff) : jittered;
    }

    /// <summary>The HTTP handler deliveries go through: the fetcher's SSRF guard at connect time, no redirects, no proxy.</summary>
    public static SocketsHttpHandler Handler(UrlGuard guard) => new()
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        ConnectCallback = guard.ConnectAsync,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(10),
    };

}
