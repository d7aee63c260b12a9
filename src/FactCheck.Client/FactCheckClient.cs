namespace FactCheck.Client;

/// <summary>The FactCheck API client: every operation of the OpenAPI document, typed.</summary>
public interface IFactCheckClient : IFactCheckClientBase;

/// <summary>
/// The FactCheck API client. The operations and types are generated from <c>openapi.json</c>
/// (<see cref="FactCheckClientBase"/>); this class adds what a generator cannot know: the report
/// (text/markdown, text/html) and ClaimReview (application/ld+json) answers are documents, read as text.
/// </summary>
/// <param name="httpClient">Its BaseAddress is the service (for example http://localhost:8080/); send the key with
/// <c>httpClient.DefaultRequestHeaders.Add("X-Api-Key", key)</c>.</param>
public class FactCheckClient(HttpClient httpClient) : FactCheckClientBase(httpClient), IFactCheckClient
{
    protected override async Task<ObjectResponseResult<T>> ReadObjectResponseAsync<T>(HttpResponseMessage response,
        IReadOnlyDictionary<string, IEnumerable<string>> headers, CancellationToken cancellationToken)
    {
        var mediaType = response.Content?.Headers.ContentType?.MediaType;
        if (typeof(T) == typeof(string) && mediaType is not null
            && (mediaType == "application/ld+json" || !mediaType.EndsWith("json", StringComparison.OrdinalIgnoreCase)))
        {
            var text = await response.Content!.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            return new ObjectResponseResult<T>((T)(object)text, text);
        }
        return await base.ReadObjectResponseAsync<T>(response, headers, cancellationToken).ConfigureAwait(false);
    }
}
