using System.Net.Http.Json;

namespace FactCheck.Api.Tests.Infrastructure;

static class Requests
{
    public const string SampleBody = """
        Russian President Vladimir Putin and North Korean leader Kim Jong-un have recently signed a pact that includes a mutual defence clause, obligating the two countries to come to each other's aid in the event of an attack (Source 1). Describing the comprehensive strategic partnership as an alliance, Kim highlighted the pact as the strongest ever treaty signed between Russia and North Korea [2]. US Secretary of State Antony Blinken criticized Putin's visit, according to Source 3.
        """;

    public static object Article(string title = "Putin and Kim sign pact", string? body = null, object[]? sources = null,
        string? publisher = null, DateTimeOffset? publishedAt = null) => new
    {
        title,
        body = body ?? SampleBody,
        publisher,
        publishedAt,
        sources = sources ?? new object[]
        {
            new { url = "https://wire.example.org/pact" },
            new { url = "https://news.example.net/treaty" },
            new { url = "https://press.example.gov/blinken" },
        },
    };

    public static Task<HttpResponseMessage> PostArticleAsync(this HttpClient client, object article, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/articles") { Content = JsonContent.Create(article) };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return client.SendAsync(request);
    }

    public static HttpContent RawJson(string json) => new StringContent(json, System.Text.Encoding.UTF8, "application/json");
}
