using System.Collections.Frozen;
using System.Text.Json;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace FactCheck.Data;

/// <summary>Stores an enum as its snake_case name ("fetching_sources"), the spelling the API uses.</summary>
public sealed class SnakeCaseEnumConverter<TEnum>() : ValueConverter<TEnum, string>(
    value => NameOf(value),
    name => ValueOf(name))
    where TEnum : struct, Enum
{
    static readonly FrozenDictionary<TEnum, string> Names =
        Enum.GetValues<TEnum>().ToFrozenDictionary(v => v, v => JsonNamingPolicy.SnakeCaseLower.ConvertName(v.ToString()));

    static readonly FrozenDictionary<string, TEnum> Values =
        Names.ToFrozenDictionary(kv => kv.Value, kv => kv.Key, StringComparer.Ordinal);

    public static string NameOf(TEnum value) => Names[value];

    public static TEnum ValueOf(string name) => Values[name];

    public static bool TryValueOf(string name, out TEnum value) => Values.TryGetValue(name, out value);

    public static IEnumerable<string> AllNames => Names.Values;
}
