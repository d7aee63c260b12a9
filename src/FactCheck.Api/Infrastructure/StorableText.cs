using System.Text.Json;
using System.Text.Json.Serialization;

namespace FactCheck.Api.Infrastructure;

/// <summary>
/// Text PostgreSQL can store: anything but the NUL character (U+0000), which a <c>text</c> column
/// refuses. Requests carrying one are answered 400 naming the field or parameter, before any work.
/// </summary>
public static class StorableText
{
    public static bool HasNul(string? value) => value is not null && value.Contains('\0', StringComparison.Ordinal);

    public static string Message(string field) =>
        $"'{field}' contains a NUL character (U+0000), which cannot be stored: remove it.";

    /// <summary>The first string in a JSON document holding a NUL character, as a field path (null: none).</summary>
    public static string? FindNul(JsonElement element, string path = "")
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return HasNul(element.GetString()) ? path : null;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    var child = path.Length == 0 ? property.Name : path + "." + property.Name;
                    if (HasNul(property.Name)) return child;
                    if (FindNul(property.Value, child) is { } found) return found;
                }
                return null;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (FindNul(item, $"{path}[{i}]") is { } found) return found;
                    i++;
                }
                return null;
            default:
                return null;
        }
    }

    /// <summary>Raised by <see cref="Converter"/>; the serializer adds the field's path.</summary>
    public sealed class NulCharacterException() : JsonException("The string contains a NUL character (U+0000).");

    /// <summary>Reads every string of a request body, refusing a NUL character; writes strings as they are.</summary>
    public sealed class Converter : JsonConverter<string>
    {
        public override bool HandleNull => false;

        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.String) throw new JsonException();
            var value = reader.GetString();
            return HasNul(value) ? throw new NulCharacterException() : value;
        }

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
    }

    /// <summary>Answers 400 when a query parameter holds a NUL character.</summary>
    public sealed class QueryGuard(RequestDelegate next)
    {
        public async Task InvokeAsync(HttpContext context)
        {
            foreach (var (name, values) in context.Request.Query)
            {
                if (!HasNul(name) && !values.Any(HasNul)) continue;
                var field = name.Replace("\0", "", StringComparison.Ordinal);
                await context.WriteProblemAsync(StatusCodes.Status400BadRequest, "Invalid query parameter.", Message(field));
                return;
            }
            await next(context);
        }
    }
}
