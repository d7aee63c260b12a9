using System.Text.Json;
using System.Text.Json.Serialization;

namespace FactCheck.Api.Platform;

/// <summary>
/// Text PostgreSQL can store: anything but the NUL character (U+0000), which a <c>text</c> column
/// refuses. Requests carrying one are answered 400 naming the field or parameter, before any work.
/// </summary>
public static class StorableText
{
    public static bool HasNul(string? value) => value is not null && value.Contains('\0', StringComparison.Ordinal);

    public static string Message(string field) =>
        $"'{field}' contains a NUL character (U+0000), which cannot be stored: remove it.";

    /// <summary>
    /// The first string of a JSON document that cannot be stored, as (field path, message): one holding a
    /// NUL character, invalid UTF-8 or an unpaired surrogate escape (<c>"\ud800"</c>). Null when all can.
    /// </summary>
    public static (string Field, string Message)? FindUnstorable(JsonElement element, string path = "")
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return Check(element, path);
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    string name;
                    try { name = property.Name; }
                    catch (InvalidOperationException) { return (path, Unreadable(path.Length == 0 ? "body" : path)); }
                    var child = path.Length == 0 ? name : path + "." + name;
                    if (HasNul(name)) return (child, Message(child));
                    if (FindUnstorable(property.Value, child) is { } found) return found;
                }
                return null;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (FindUnstorable(item, $"{path}[{i}]") is { } found) return found;
                    i++;
                }
                return null;
            default:
                return null;
        }

        static (string, string)? Check(JsonElement value, string path)
        {
            try
            {
                return HasNul(value.GetString()) ? (path, Message(path)) : null;
            }
            catch (InvalidOperationException)
            {
                return (path, Unreadable(path));
            }
        }
    }

    static string Unreadable(string field) =>
        $"'{field}' is not valid text (invalid UTF-8 or an unpaired surrogate escape).";

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
