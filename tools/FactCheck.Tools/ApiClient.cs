using System.Net;

namespace FactCheck.Tools;

/// <summary>
/// An HttpClient for the running API: sends the key from <c>--api-key</c> or <c>FACTCHECK_API_KEY</c>
/// (scripts/run.sh prints one and keeps it in .data/dev-api-key), and waits out 429 answers as their
/// Retry-After says, so an evaluation is slowed by the rate limits, never falsified by them.
/// </summary>
public static class ApiClient
{
    public static HttpClient Create(string api, string? apiKey, TimeSpan timeout)
    {
        apiKey ??= Environment.GetEnvironmentVariable("FACTCHECK_API_KEY");
        if (apiKey is null && File.Exists(Path.Combine(".data", "dev-api-key"))) apiKey = File.ReadAllText(Path.Combine(".data", "dev-api-key")).Trim();
        var client = new HttpClient(new RetryAfterHandler { InnerHandler = new SocketsHttpHandler { MaxConnectionsPerServer = 64 } })
        {
            BaseAddress = new Uri(api),
            Timeout = timeout,
        };
        if (apiKey is not null) client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return client;
    }

    sealed class RetryAfterHandler : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            for (var attempt = 0; ; attempt++)
            {
                // Buffer the body so a retry can send it again.
                if (request.Content is not null) await request.Content.LoadIntoBufferAsync(ct);
                var response = await base.SendAsync(request, ct);
                if (response.StatusCode != HttpStatusCode.TooManyRequests || attempt == 20) return response;
                var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
                response.Dispose();
                await Task.Delay(wait, ct);
            }
        }
    }
}
