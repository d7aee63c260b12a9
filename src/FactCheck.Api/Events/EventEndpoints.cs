using System.Text.Json;
using FactCheck.Api.Security;
using FactCheck.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace FactCheck.Api.Events;

/// <summary>A change event, as the events endpoint lists it and as each webhook delivery's body carries it.</summary>
/// <param name="Sequence">Its place in the feed (given once its transaction has ended; see <c>EventFeed</c>): pass the last one you processed as <c>after</c>.</param>
/// <param name="Data">The event's data: ids of the article and claim, and what changed.</param>
public sealed record EventResponse(Guid Id, string Type, DateTimeOffset Timestamp, long Sequence, JsonElement Data);

/// <summary>A page of events in feed order.</summary>
/// <param name="Next">The cursor to send as <c>after</c> next time (the last sequence on this page, or your cursor when the page is empty).</param>
public sealed record EventPage(IReadOnlyList<EventResponse> Events, long Next);

public static class EventEndpoints
{
    /// <summary><c>GET /api/v1/events</c>: the outbox read in commit order (any key); listed with the webhooks that deliver the same events.</summary>
    public static IEndpointRouteBuilder MapEventEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/events", Events).WithTags("Webhooks").WithName("ListEvents").ForReaders();
        return app;
    }

    /// <summary>Change events in feed order: for tools that cannot receive webhooks.</summary>
    /// <remarks>
    /// Keep the <c>next</c> cursor and send it as <c>after</c>: an event gets its sequence once its transaction has
    /// ended, always above every sequence given before, so nothing is skipped and nothing comes twice, whichever
    /// process wrote it. The same events (and bodies) that webhooks deliver.
    /// </remarks>
    /// <param name="after">Only events after this sequence (default 0: from the start).</param>
    /// <param name="limit">1–500, default 100.</param>
    /// <param name="eventType">Only events of this type.</param>
    /// <param name="articleId">Only events of this article.</param>
    /// <response code="200">A page of events and the cursor for the next.</response>
    static async Task<Ok<EventPage>> Events(FactCheckDbContext db, CancellationToken ct, long? after = null, int? limit = null, string? eventType = null, Guid? articleId = null)
    {
        var cursor = Math.Max(0, after ?? 0);
        var take = Math.Clamp(limit ?? 100, 1, 500);
        await EventFeed.PlaceAsync(db, ct);
        var query = db.ChangeEvents.AsNoTracking().Where(e => e.Position > cursor);
        if (eventType is not null) query = query.Where(e => e.Type == eventType);
        if (articleId is not null) query = query.Where(e => e.ArticleId == articleId);
        var rows = await query.OrderBy(e => e.Position).Take(take).ToListAsync(ct);
        var events = rows.ConvertAll(e => new EventResponse(e.Id, e.Type, e.CreatedAt, e.Position!.Value, JsonDocument.Parse(e.Data).RootElement.Clone()));
        return TypedResults.Ok(new EventPage(events, rows.Count > 0 ? rows[^1].Position!.Value : cursor));
    }
}
