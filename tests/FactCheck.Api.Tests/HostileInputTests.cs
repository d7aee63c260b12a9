using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FactCheck.Api.Tests.Infrastructure;

namespace FactCheck.Api.Tests;

/// <summary>
/// Every operation the OpenAPI document lists, sent malformed input: each body field in turn replaced by a
/// hostile value (null, wrong types, huge numbers, a NUL character, a very long string), broken and
/// deeply nested JSON, and each query parameter in turn set to nonsense. None may answer 5xx, every
/// refusal must be a problem document, and what was stored before must come out unchanged. Driven by the
/// document, so an endpoint added later is covered without touching this test.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class HostileInputTests(ApiFactory factory) : ApiTest(factory)
{
    static readonly JsonNode?[] HostileValues =
    [
        null, JsonValue.Create(-1), JsonValue.Create(1e308), JsonValue.Create(""), JsonValue.Create("nul \0 inside"),
        JsonValue.Create(new string('x', 20_000)), new JsonArray(), new JsonObject(), JsonValue.Create(true),
        JsonValue.Create("not-a-date-or-id"),
        // Digits of another script ("١٧" is 17 in Arabic-Indic): the number finders read ASCII digits only.
        JsonValue.Create("Source 1 says ١٧ people, up from ١٢ in ٢٠٢٣, a rise of ٤٠ percent."),
    ];

    static readonly string[] HostileBodies =
    [
        "", "null", "[]", "{", "\"text\"", "12", "{\"a\":1,\"a\":2}", new string('[', 5000) + new string(']', 5000),
        "{\"text\": \"\\ud800\"}",
    ];

    static readonly string[] HostileQueryValues =
    [
        "", "-1", "0", "99999999999999999999", "abc", "1e400", "nul\0", "%", new string('q', 5000), "2024-13-45T99:00:00",
        "!!'\":*&|()<>", "true",
    ];

    [Fact]
    public async Task No_operation_answers_a_server_error_to_malformed_input_and_stored_data_survives()
    {
        // Something stored to aim at (route ids) and to check afterwards.
        var created = await Client.PostAsJsonAsync("/api/v1/articles", Requests.Article(sources:
        [
            new { content = "The treaty obliges Russia and North Korea to help each other if either is attacked." },
        ]));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var article = await ReadJsonAsync(created);
        var articleId = article.GetProperty("id").GetString()!;
        var claimId = article.GetProperty("claims")[0].GetProperty("id").GetString()!;
        var sourceId = article.GetProperty("sources")[0].GetProperty("id").GetString()!;
        var before = await (await Client.GetAsync($"/api/v1/articles/{articleId}")).Content.ReadAsStringAsync();

        var document = JsonNode.Parse(await Client.GetStringAsync("/swagger/v1/swagger.json"))!;
        var schemas = document["components"]?["schemas"]?.AsObject();
        var failures = new List<string>();
        var sent = 0;

        async Task SendAsync(string method, string path, HttpContent? content, string what)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = content };
            if (path.Contains("/verdicts", StringComparison.Ordinal))
            {
                // Reach the body's checks: send the claim's current ETag.
                using var current = await Client.GetAsync($"/api/v1/claims/{claimId}");
                if (current.Headers.ETag is { } etag) request.Headers.IfMatch.Add(etag);
            }
            using var response = await Client.SendAsync(request);
            sent++;
            var status = (int)response.StatusCode;
            if (status >= 500)
                failures.Add($"{method} {path} {what}: {status} {Truncate(await response.Content.ReadAsStringAsync())}");
            else if (status >= 400 && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                failures.Add($"{method} {path} {what}: {status} without a problem document ({response.Content.Headers.ContentType})");
        }

        foreach (var (template, item) in document["paths"]!.AsObject())
        {
            var path = template
                .Replace("/articles/{id}", $"/articles/{articleId}", StringComparison.Ordinal)
                .Replace("/claims/{id}", $"/claims/{claimId}", StringComparison.Ordinal)
                .Replace("/sources/{id}", $"/sources/{sourceId}", StringComparison.Ordinal)
                .Replace("{id}", Guid.NewGuid().ToString(), StringComparison.Ordinal);
            foreach (var (method, operationNode) in item!.AsObject())
            {
                var verb = method.ToUpperInvariant();
                // Deleting is not input handling; it would only remove what this test aims at.
                if (verb is "DELETE") continue;
                var operation = operationNode!.AsObject();

                foreach (var parameter in operation["parameters"]?.AsArray() ?? [])
                {
                    if (parameter!["in"]?.GetValue<string>() != "query") continue;
                    var name = parameter["name"]!.GetValue<string>();
                    // ?wait holds the answer: a hostile wait is a test of patience, not of input handling.
                    foreach (var value in HostileQueryValues.Where(v => name != "wait" || !v.All(char.IsDigit)))
                        await SendAsync(verb, $"{path}?{name}={Uri.EscapeDataString(value)}", null, $"?{name}={Truncate(value)}");
                }

                var schema = operation["requestBody"]?["content"]?["application/json"]?["schema"];
                if (schema is null) continue;
                foreach (var raw in HostileBodies)
                    await SendAsync(verb, path, new StringContent(raw, Encoding.UTF8, "application/json"), $"body {Truncate(raw)}");
                await SendAsync(verb, path, new ByteArrayContent([0x7b, 0x22, 0x74, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d])
                {
                    Headers = { ContentType = new("application/json") },
                }, "body with invalid UTF-8");

                var baseline = Sample(schema, schemas, depth: 0);
                foreach (var (leaf, value) in Leaves(baseline, "").SelectMany(l => HostileValues.Select(v => (l, v))))
                {
                    var body = baseline?.DeepClone();
                    body = Replace(body, leaf, value?.DeepClone());
                    await SendAsync(verb, path, new StringContent(body?.ToJsonString() ?? "null", Encoding.UTF8, "application/json"),
                        $"{(leaf.Length == 0 ? "body" : leaf)} = {Truncate(value?.ToJsonString() ?? "null")}");
                }
            }
        }

        Assert.True(sent > 500, $"only {sent} requests were sent: is the OpenAPI document complete?");
        Assert.True(failures.Count == 0, $"{failures.Count} of {sent} hostile requests were mishandled:\n" + string.Join("\n", failures.Take(40)));

        // What was stored before is intact: verdicts, status changes and citations may have been added
        // (some hostile bodies are valid), but the article, its claims and its sources read as before.
        var after = await ReadJsonAsync(await Client.GetAsync($"/api/v1/articles/{articleId}"));
        Assert.Equal(Stored(JsonDocument.Parse(before).RootElement), Stored(after));
    }

    static string Stored(JsonElement article) => string.Join("\n",
        new[] { article.GetProperty("title").GetString() }
            .Concat(article.GetProperty("claims").EnumerateArray().Select(c => $"{c.GetProperty("id")} {c.GetProperty("text")} {c.GetProperty("start")}-{c.GetProperty("end")}"))
            .Concat(article.GetProperty("sources").EnumerateArray().Take(1).Select(s => $"{s.GetProperty("id")} {s.GetProperty("label")} {s.GetProperty("hasContent")}")));

    static string Truncate(string text) => text.Length <= 80 ? text.Replace("\0", "\\0", StringComparison.Ordinal) : text[..80].Replace("\0", "\\0", StringComparison.Ordinal) + "…";

    /// <summary>A plausible value for a schema (the document's own example when it has one).</summary>
    static JsonNode? Sample(JsonNode? schema, JsonObject? schemas, int depth)
    {
        if (schema is null || depth > 6) return null;
        if (schema["$ref"]?.GetValue<string>() is { } reference)
            return Sample(schemas?[reference.Split('/')[^1]], schemas, depth + 1);
        if (schema["example"] is { } example) return example.DeepClone();
        if (schema["enum"] is JsonArray values && values.Count > 0) return values[0]?.DeepClone();
        if (schema["oneOf"] is JsonArray oneOf && oneOf.Count > 0) return Sample(oneOf[0], schemas, depth + 1);
        if (schema["allOf"] is JsonArray allOf && allOf.Count > 0) return Sample(allOf[0], schemas, depth + 1);
        var type = schema["type"] switch
        {
            JsonValue v => v.GetValue<string>(),
            JsonArray a => a.Select(t => t!.GetValue<string>()).FirstOrDefault(t => t != "null"),
            _ => schema["properties"] is not null ? "object" : null,
        };
        return type switch
        {
            "object" => new JsonObject((schema["properties"]?.AsObject() ?? [])
                .Select(p => KeyValuePair.Create(p.Key, Sample(p.Value, schemas, depth + 1)))),
            "array" => new JsonArray(Sample(schema["items"], schemas, depth + 1)),
            "integer" => JsonValue.Create(1),
            "number" => JsonValue.Create(0.5),
            "boolean" => JsonValue.Create(false),
            "string" => schema["format"]?.GetValue<string>() switch
            {
                "uuid" => JsonValue.Create(Guid.NewGuid().ToString()),
                "date-time" => JsonValue.Create("2024-06-19T10:00:00Z"),
                "uri" => JsonValue.Create("http://127.0.0.1:9/page"),
                _ => JsonValue.Create("Unemployment in Spain fell to 11.7 percent in 2024, the statistics office said."),
            },
            _ => null,
        };
    }

    /// <summary>Paths of every value in a JSON tree ("" is the whole body; "sources[0].url").</summary>
    static IEnumerable<string> Leaves(JsonNode? node, string path)
    {
        yield return path;
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, child) in o)
                    foreach (var leaf in Leaves(child, path.Length == 0 ? key : $"{path}.{key}")) yield return leaf;
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                    foreach (var leaf in Leaves(a[i], $"{path}[{i}]")) yield return leaf;
                break;
        }
    }

    static JsonNode? Replace(JsonNode? root, string path, JsonNode? value)
    {
        if (path.Length == 0) return value;
        var parts = System.Text.RegularExpressions.Regex.Matches(path, @"[^.\[\]]+|\[\d+\]").Select(m => m.Value).ToList();
        var node = root;
        for (var i = 0; i < parts.Count - 1; i++)
            node = parts[i].StartsWith('[') ? node![int.Parse(parts[i][1..^1], System.Globalization.CultureInfo.InvariantCulture)] : node![parts[i]];
        var last = parts[^1];
        if (last.StartsWith('[')) node!.AsArray()[int.Parse(last[1..^1], System.Globalization.CultureInfo.InvariantCulture)] = value;
        else node!.AsObject()[last] = value;
        return root;
    }
}
