using System.Net.Sockets;
using System.Text.Json;
using FactCheck.Api.Platform;
using FactCheck.Api.Security;
using FactCheck.Api.Sources;
using FactCheck.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace FactCheck.Api.Webhooks;

public static class WebhookEndpoints
{
    public static IEndpointRouteBuilder MapWebhookEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/webhooks").WithTags("Webhooks");
        group.MapPost("/", Create).WithName("CreateWebhook").WithValidation<CreateWebhookRequest>().ForAdmins();
        group.MapGet("/", List).WithName("ListWebhooks").ForAdmins(RateBudgets.Reads);
        group.MapGet("/{id:guid}", Get).WithName("GetWebhook").ForAdmins(RateBudgets.Reads);
        group.MapDelete("/{id:guid}", Delete).WithName("DeleteWebhook").ForAdmins();
        group.MapPost("/{id:guid}/enable", Enable).WithName("EnableWebhook").ForAdmins();
        group.MapGet("/{id:guid}/deliveries", Deliveries).WithName("ListWebhookDeliveries").ForAdmins(RateBudgets.Reads);
        group.MapPost("/{id:guid}/deliveries/{deliveryId:guid}/redeliver", Redeliver).WithName("RedeliverWebhook").ForAdmins();
        return app;
    }

    /// <summary>Subscribe a newsroom tool to change events (admin).</summary>
    /// <remarks>
    /// Each event of the chosen types is POSTed to <c>url</c> as JSON (<c>{id, type, timestamp, sequence, data}</c>), signed as
    /// the Standard Webhooks specification says: headers <c>webhook-id</c> (the event id, the same on every retry: de-duplicate
    /// on it), <c>webhook-timestamp</c> and <c>webhook-signature</c> (<c>v1,</c> + base64 HMAC-SHA256 of
    /// <c>{id}.{timestamp}.{body}</c> with the secret's key). Any 2xx answer is a delivery; anything else is retried with
    /// backoff for a day, after which the webhook is disabled and says why. One article's events arrive in order.
    /// The URL must pass the same address policy as fetched pages, now and at every delivery.
    /// </remarks>
    /// <response code="201">Created; the secret is in <c>secret</c>, shown this once.</response>
    /// <response code="400">Invalid URL or event type, or a URL whose host is a blocked address.</response>
    static async Task<Results<Created<CreatedWebhookResponse>, ValidationProblem>> Create(CreateWebhookRequest request, FactCheckDbContext db,
        UrlGuard guard, TimeProvider time, HttpContext http, CancellationToken ct)
    {
        var uri = new Uri(request.Url!.Trim());
        if (await RefusedAsync(guard, uri, ct) is { } refused)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["url"] = [refused] },
                title: "The webhook URL is refused.", detail: "Events are only sent where the address policy allows fetching.");
        var caller = Caller.Of(http.User);
        var now = Timestamps.Now(time);
        var subscription = new WebhookSubscription
        {
            Id = Guid.CreateVersion7(now),
            Url = uri.AbsoluteUri,
            EventTypes = [.. request.EventTypes!.Distinct(StringComparer.Ordinal)],
            Description = request.Description,
            Secret = WebhookSignature.NewSecret(),
            CreatedBy = caller.Name,
            CreatedAt = now,
        };
        db.WebhookSubscriptions.Add(subscription);
        Audit.Record(db, caller, now, "webhook.created", "webhook", subscription.Id, new { url = UrlGuard.Redacted(uri), subscription.EventTypes });
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/webhooks/{subscription.Id}", new CreatedWebhookResponse(subscription.Id, subscription.Url,
            subscription.EventTypes, subscription.Description, subscription.Enabled, subscription.CreatedBy, subscription.CreatedAt, subscription.Secret));
    }

    /// <summary>Why the guard refuses <paramref name="uri"/>, or null: its spelling, then every address its host resolves to.</summary>
    static async Task<string?> RefusedAsync(UrlGuard guard, Uri uri, CancellationToken ct)
    {
        if (guard.Check(uri) is { } reason) return reason;
        try
        {
            await guard.ResolveCheckedAsync(HostFolding.Canonical(uri).IdnHost, ct);
            return null;
        }
        catch (BlockedAddressException e)
        {
            return e.Message;
        }
        catch (SocketException)
        {
            return $"'{uri.Host}' does not resolve";
        }
    }

    /// <summary>List webhooks (admin), newest first, without their secrets.</summary>
    /// <response code="200">The webhooks, disabled ones included.</response>
    static async Task<Ok<List<WebhookResponse>>> List(FactCheckDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await Project(db, db.WebhookSubscriptions.AsNoTracking().OrderByDescending(s => s.CreatedAt)).ToListAsync(ct));

    /// <summary>A webhook (admin), with its delivery counts and, when disabled, why.</summary>
    /// <response code="200">The webhook.</response>
    /// <response code="404">No webhook has this id.</response>
    static async Task<Results<Ok<WebhookResponse>, NotFoundProblem>> Get(Guid id, FactCheckDbContext db, CancellationToken ct) =>
        await Project(db, db.WebhookSubscriptions.AsNoTracking().Where(s => s.Id == id)).SingleOrDefaultAsync(ct) is { } found
            ? TypedResults.Ok(found) : NotFound(id);

    static IQueryable<WebhookResponse> Project(FactCheckDbContext db, IQueryable<WebhookSubscription> query) =>
        query.Select(s => new WebhookResponse(s.Id, s.Url, s.EventTypes, s.Description, s.Enabled, s.DisabledReason, s.DisabledAt, s.CreatedBy, s.CreatedAt,
            db.WebhookDeliveries.Count(d => d.SubscriptionId == s.Id && d.Status == DeliveryStatus.Pending),
            db.WebhookDeliveries.Count(d => d.SubscriptionId == s.Id && d.Status == DeliveryStatus.Failed)));

    /// <summary>Delete a webhook (admin) and its deliveries; nothing more is sent to it.</summary>
    /// <response code="204">Deleted.</response>
    /// <response code="404">No webhook has this id.</response>
    static async Task<Results<NoContent, NotFoundProblem>> Delete(Guid id, FactCheckDbContext db, TimeProvider time, HttpContext http, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (await db.WebhookSubscriptions.Where(s => s.Id == id).ExecuteDeleteAsync(ct) == 0) return NotFound(id);
        Audit.Record(db, Caller.Of(http.User), Timestamps.Now(time), "webhook.deleted", "webhook", id);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.NoContent();
    }

    /// <summary>Enable a disabled webhook again (admin): its waiting deliveries resume, in order.</summary>
    /// <remarks>Events written while it was disabled were not queued for it: read them from GET /api/v1/events.</remarks>
    /// <response code="200">Enabled.</response>
    /// <response code="400">Its URL is now refused by the address policy.</response>
    /// <response code="404">No webhook has this id.</response>
    static async Task<Results<Ok<WebhookResponse>, ValidationProblem, NotFoundProblem>> Enable(Guid id, FactCheckDbContext db, UrlGuard guard,
        DeliverySignal signal, TimeProvider time, HttpContext http, CancellationToken ct)
    {
        var subscription = await db.WebhookSubscriptions.SingleOrDefaultAsync(s => s.Id == id, ct);
        if (subscription is null) return NotFound(id);
        if (await RefusedAsync(guard, new Uri(subscription.Url), ct) is { } refused)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["url"] = [refused] }, title: "The webhook URL is refused.");
        subscription.Enabled = true;
        subscription.DisabledReason = null;
        subscription.DisabledAt = null;
        Audit.Record(db, Caller.Of(http.User), Timestamps.Now(time), "webhook.enabled", "webhook", id);
        await db.SaveChangesAsync(ct);
        signal.Notify();
        return TypedResults.Ok((await Project(db, db.WebhookSubscriptions.AsNoTracking().Where(s => s.Id == id)).SingleAsync(ct)));
    }

    /// <summary>A webhook's deliveries (admin), newest first.</summary>
    /// <param name="limit">1–200, default 50.</param>
    /// <response code="200">The deliveries.</response>
    /// <response code="404">No webhook has this id.</response>
    static async Task<Results<Ok<List<DeliveryResponse>>, NotFoundProblem>> Deliveries(Guid id, FactCheckDbContext db, CancellationToken ct, int? limit = null)
    {
        if (!await db.WebhookSubscriptions.AnyAsync(s => s.Id == id, ct)) return NotFound(id);
        var take = Math.Clamp(limit ?? 50, 1, 200);
        var rows = await db.WebhookDeliveries.AsNoTracking().Where(d => d.SubscriptionId == id)
            .OrderByDescending(d => d.EventSequence).Take(take)
            .Select(d => new DeliveryResponse(d.Id, d.Event.Id, d.Event.Type, d.Event.Position, d.Status, d.Attempts, d.NextAttemptAt,
                d.LastStatusCode, d.LastError, d.CreatedAt, d.LastAttemptAt, d.DeliveredAt))
            .ToListAsync(ct);
        return TypedResults.Ok(rows);
    }

    /// <summary>Send a delivery again (admin): delivered or failed, it goes out once more, with the same webhook-id.</summary>
    /// <remarks>Its retry window starts again. A redelivered old event may arrive after newer ones of its article.</remarks>
    /// <response code="202">Queued.</response>
    /// <response code="404">No such delivery of this webhook.</response>
    static async Task<Results<Accepted, NotFoundProblem>> Redeliver(Guid id, Guid deliveryId, FactCheckDbContext db, DeliverySignal signal,
        TimeProvider time, HttpContext http, CancellationToken ct)
    {
        var now = Timestamps.Now(time);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var queued = await db.WebhookDeliveries.Where(d => d.Id == deliveryId && d.SubscriptionId == id)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, DeliveryStatus.Pending).SetProperty(d => d.NextAttemptAt, now)
                .SetProperty(d => d.FirstAttemptAt, (DateTimeOffset?)null).SetProperty(d => d.LeaseOwner, (Guid?)null)
                .SetProperty(d => d.LeaseUntil, (DateTimeOffset?)null), ct);
        if (queued == 0) return new NotFoundProblem("Delivery not found.", $"Webhook {id} has no delivery {deliveryId}.");
        Audit.Record(db, Caller.Of(http.User), now, "webhook.redelivered", "webhook", id, new { deliveryId });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        signal.Notify();
        return TypedResults.Accepted($"/api/v1/webhooks/{id}/deliveries");
    }

    static NotFoundProblem NotFound(Guid id) => new("Webhook not found.", $"No webhook has the id {id}.");
}
