using System.Diagnostics;
using System.Text.Json;
using FactCheck.Data;

namespace FactCheck.Api.Security;

/// <summary>
/// Adds an audit event to the context, so it is saved by the same SaveChanges (and transaction) as the
/// write it describes: there is no write without its event, and no event for a write rolled back.
/// </summary>
public static class Audit
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static AuditEvent Record(FactCheckDbContext db, Caller caller, DateTimeOffset at, string action, string entityType, Guid? entityId, object? details = null)
    {
        var entry = new AuditEvent
        {
            At = at,
            Actor = caller.Name,
            ApiKeyId = caller.KeyId,
            Action = action,
            EntityType = entityType,
            EntityId = entityId,
            Details = details is null ? null : JsonSerializer.Serialize(details, Json),
            TraceId = Activity.Current?.TraceId.ToString(),
        };
        db.AuditEvents.Add(entry);
        return entry;
    }
}
