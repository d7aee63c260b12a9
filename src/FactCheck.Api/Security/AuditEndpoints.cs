using System.Globalization;
using System.Text.Json;
using FactCheck.Api.Platform;
using FactCheck.Data;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace FactCheck.Api.Security;

/// <summary>Filters of the audit trail.</summary>
/// <param name="Actor">Only events by this key name.</param>
/// <param name="Action">Only this action, e.g. <c>verdict.created</c>.</param>
/// <param name="EntityType">Only events about this kind of thing: article, claim, source, api_key.</param>
/// <param name="EntityId">Only events about this one.</param>
/// <param name="Limit">1–200, default 50.</param>
/// <param name="Cursor">The <c>nextCursor</c> of the previous page.</param>
public sealed record AuditQuery(string? Actor, string? Action, string? EntityType, Guid? EntityId, int? Limit, string? Cursor);

public sealed class AuditQueryValidator : AbstractValidator<AuditQuery>
{
    public AuditQueryValidator()
    {
        RuleFor(q => q.Limit).InclusiveBetween(1, 200);
        RuleFor(q => q.Cursor).Must(c => c is null || long.TryParse(c, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            .WithMessage("'cursor' is not a cursor this API issued: pass the nextCursor of a previous page.");
    }
}

/// <summary>One write: who, what, when.</summary>
public sealed record AuditEventResponse(long Id, DateTimeOffset At, string Actor, Guid? ApiKeyId, string Action, string EntityType, Guid? EntityId, JsonElement? Details, string? TraceId);

public static class AuditEndpoints
{
    public static RouteHandlerBuilder MapAuditEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/v1/audit", ListAudit).WithTags("Administration").WithName("ListAuditEvents")
            .WithValidation<AuditQuery>().ForAdmins(RateBudgets.Reads);

    /// <summary>The audit trail (admin), newest first.</summary>
    /// <remarks>Every write through the API is recorded in the same transaction as the write.</remarks>
    /// <response code="200">A page of events.</response>
    /// <response code="400">Invalid filter, limit or cursor.</response>
    static async Task<Ok<Page<AuditEventResponse>>> ListAudit([AsParameters] AuditQuery query, FactCheckDbContext db, CancellationToken ct)
    {
        var limit = query.Limit ?? 50;
        var events = db.AuditEvents.AsNoTracking();
        if (query.Actor is { } actor) events = events.Where(e => e.Actor == actor);
        if (query.Action is { } action) events = events.Where(e => e.Action == action);
        if (query.EntityType is { } type) events = events.Where(e => e.EntityType == type);
        if (query.EntityId is { } entity) events = events.Where(e => e.EntityId == entity);
        if (query.Cursor is { } cursor)
        {
            var before = long.Parse(cursor, CultureInfo.InvariantCulture);
            events = events.Where(e => e.Id < before);
        }
        var rows = await events.OrderByDescending(e => e.Id).Take(limit + 1).ToListAsync(ct);
        var items = rows.Take(limit).Select(e => new AuditEventResponse(e.Id, e.At, e.Actor, e.ApiKeyId, e.Action, e.EntityType, e.EntityId,
            e.Details is null ? null : JsonDocument.Parse(e.Details).RootElement.Clone(), e.TraceId)).ToList();
        return TypedResults.Ok(new Page<AuditEventResponse>(items, rows.Count > limit ? items[^1].Id.ToString(CultureInfo.InvariantCulture) : null));
    }
}
