using System.Text.Json.Serialization;
using System.Text.Json;
using FactCheck.Analysis.Claims;

namespace FactCheck.Data;

/// <summary>A named entity as stored in <c>claims.entities</c> (jsonb).</summary>
public sealed record StoredEntity(string Text, string Name, EntityKind Kind, int Start, int End);

/// <summary>A number, date or quantity as stored in <c>claims.numbers</c> (jsonb).</summary>
public sealed record StoredNumber(string Text, double Value, QuantityKind Kind, string? Unit, string? Date, int Start, int End);

/// <summary>
/// The stored format of a claim's annotations: its own records and serializer settings, apart from the API's response
/// records, so that changing the API never changes (or breaks reading) rows already stored. The JSON is the one rows
/// have always had: camelCase properties, snake_case enum names.
/// </summary>
public static class StoredAnnotations
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
    };

    public static string Entities(IEnumerable<EntityMention> entities) =>
        JsonSerializer.Serialize(entities.Select(e => new StoredEntity(e.Text, e.Name, e.Kind, e.Span.Start, e.Span.End)), Json);

    public static string Numbers(IEnumerable<NumberMention> numbers) =>
        JsonSerializer.Serialize(numbers.Select(n => new StoredNumber(n.Text, n.Value, n.Kind, n.Unit, n.Date, n.Span.Start, n.Span.End)), Json);

    public static List<StoredEntity> ReadEntities(string json) => JsonSerializer.Deserialize<List<StoredEntity>>(json, Json) ?? [];

    public static List<StoredNumber> ReadNumbers(string json) => JsonSerializer.Deserialize<List<StoredNumber>>(json, Json) ?? [];
}
