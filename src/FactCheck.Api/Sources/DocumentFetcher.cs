using System.Net;
using System.Net.Http.Headers;
using FactCheck.Api.Sources.Extraction;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Timeout;

namespace FactCheck.Api.Sources;

/// <remarks>
/// <see cref="Deferred"/>: no request reached the page (the host's circuit is open, or it already has as many fetches
/// in flight as allowed). It is not an attempt at the page, so it uses up none of the document's attempts; the
/// document waits until the circuit may close.
/// </remarks>
public enum FetchOutcomeKind { Fetched, NotModified, Transient, Permanent, Blocked, Deferred }

/// <summary>What one fetch of a URL came to.</summary>
/// <param name="RetryAfter">For transient failures: how long the server asked us to wait, if it did.</param>
public sealed record FetchOutcome(
    FetchOutcomeKind Kind,
    string? Error = null,
    int? HttpStatus = null,
    string? FinalUrl = null,
    string? ContentType = null,
    string? ETag = null,
    string? LastModified = null,
    string? Title = null,
    string? Text = null,
    TimeSpan? RetryAfter = null,
    IReadOnlyList<int>? PageStarts = null);

/// <summary>
/// Fetches one cited page through the resilient client: follows redirects itself (each hop checked by
/// the SSRF guard), caps the body while streaming (by the size its kind allows), and hands it to the extractor for its
/// media type (HTML, plain text, PDF: <see cref="SourceExtractors"/>).
/// </summary>
public sealed class DocumentFetcher(HttpClient client, UrlGuard guard, SourceExtractors extractors, IOptions<FetchingOptions> options, ILogger<DocumentFetcher> logger)
{
    /// <param name="failedBefore">
    /// The page's last attempt failed: its failures no longer count towards its host's circuit (they say something
    /// about the page, already known, not about the host), so a few broken pages cannot keep the circuit open and
    /// starve the host's other pages; a half-open probe such a page happens to make does not re-open the circuit.
    /// </param>
    public async Task<FetchOutcome> FetchAsync(string url, string? etag, string? lastModified, CancellationToken ct, bool failedBefore = false)
    {
        var o = options.Value;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var current)) return new(FetchOutcomeKind.Permanent, "not an absolute URL");
        var visited = new HashSet<string>(StringComparer.Ordinal);
        for (var hop = 0; hop <= o.MaxRedirects; hop++)
        {
            current = HostFolding.Canonical(current);
            if (guard.Check(current) is { } reason) return new(FetchOutcomeKind.Blocked, $"blocked: {reason}", FinalUrl: UrlGuard.Redacted(current));
            if (!visited.Add(current.AbsoluteUri)) return new(FetchOutcomeKind.Permanent, "redirect loop", FinalUrl: UrlGuard.Redacted(current));

            using var request = new HttpRequestMessage(HttpMethod.Get, current);
            request.Headers.UserAgent.ParseAdd(o.UserAgent);
            request.Headers.Accept.ParseAdd(extractors.Accept);
            if (etag is not null) request.Headers.TryAddWithoutValidation("If-None-Match", etag);
            if (lastModified is not null) request.Headers.TryAddWithoutValidation("If-Modified-Since", lastModified);

            HttpResponseMessage response;
            var sent = SentRequests.Start();
            var context = Polly.ResilienceContextPool.Shared.Get(ct);
            context.Properties.Set(FetchingSetup.FailedBefore, failedBefore);
            request.SetResilienceContext(context);
            try
            {
                response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            }
            catch (Exception e) when (BlockedAddressException.FindIn(e) is { } blocked)
            {
                return new(FetchOutcomeKind.Blocked, $"blocked: {blocked.Message}", FinalUrl: UrlGuard.Redacted(current));
            }
            catch (BrokenCircuitException e)
            {
                // Deferred only when nothing reached the page: a retry that found the circuit re-opened by this very
                // attempt's failures is a failed attempt.
                return new(sent.Value == 0 ? FetchOutcomeKind.Deferred : FetchOutcomeKind.Transient, $"circuit open for {current.Authority}: the host failed repeatedly", FinalUrl: UrlGuard.Redacted(current),
                    RetryAfter: e.RetryAfter ?? o.BreakerBreakDuration);
            }
            catch (RateLimiterRejectedException)
            {
                return new(sent.Value == 0 ? FetchOutcomeKind.Deferred : FetchOutcomeKind.Transient, $"too many concurrent fetches from {current.Authority}", FinalUrl: UrlGuard.Redacted(current), RetryAfter: TimeSpan.FromSeconds(1));
            }
            catch (TimeoutRejectedException)
            {
                return new(FetchOutcomeKind.Transient, "timed out", FinalUrl: UrlGuard.Redacted(current));
            }
            catch (HttpRequestException e) when (HostDoesNotExist(e))
            {
                // The name does not exist (NXDOMAIN): no retry will make it, so the source fails now, not after minutes of backoff.
                return new(FetchOutcomeKind.Permanent, "the host name does not exist", FinalUrl: UrlGuard.Redacted(current));
            }
            catch (HttpRequestException e)
            {
                return new(FetchOutcomeKind.Transient, $"connection failed: {e.HttpRequestError}", FinalUrl: UrlGuard.Redacted(current));
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                return new(FetchOutcomeKind.Transient, "timed out", FinalUrl: UrlGuard.Redacted(current));
            }

            finally
            {
                request.SetResilienceContext(null);
                Polly.ResilienceContextPool.Shared.Return(context);
            }

            using (response)
            {
                var status = (int)response.StatusCode;
                if (status is >= 300 and < 400 && status != 304)
                {
                    if (response.Headers.Location is not { } location)
                        return new(FetchOutcomeKind.Permanent, $"HTTP {status} without a Location", status, UrlGuard.Redacted(current));
                    current = location.IsAbsoluteUri ? location : new Uri(current, location);
                    continue;
                }
                var outcome = await ReadAsync(response, current, ct);
                if (outcome.Kind == FetchOutcomeKind.Transient)
                    logger.LogInformation("Fetch of {Url} failed for now: {Error}", UrlGuard.Redacted(current), outcome.Error);
                return outcome;
            }
        }
        return new(FetchOutcomeKind.Permanent, $"more than {o.MaxRedirects} redirects", FinalUrl: UrlGuard.Redacted(current));
    }

    async Task<FetchOutcome> ReadAsync(HttpResponseMessage response, Uri url, CancellationToken ct)
    {
        var o = options.Value;
        var status = (int)response.StatusCode;
        var final = UrlGuard.Redacted(url);
        var etag = response.Headers.ETag?.ToString();
        var lastModified = response.Content.Headers.LastModified?.ToString("R");

        if (status == 304) return new(FetchOutcomeKind.NotModified, null, status, final, ETag: etag, LastModified: lastModified);
        if (status is 429 or 503)
            return new(FetchOutcomeKind.Transient, $"HTTP {status}", status, final, RetryAfter: RetryAfter(response.Headers.RetryAfter));
        if (status is 408 or 425 || status >= 500) return new(FetchOutcomeKind.Transient, $"HTTP {status}", status, final);
        if (status >= 400) return new(FetchOutcomeKind.Permanent, $"HTTP {status}", status, final);
        if (status is < 200 or >= 300) return new(FetchOutcomeKind.Permanent, $"unexpected HTTP {status}", status, final);

        // The extractor is chosen by media type (Sources/Extraction); an untyped body (octet-stream) is told by its first bytes.
        var mediaType = response.Content.Headers.ContentType?.MediaType?.ToLowerInvariant() ?? "text/html";
        var extractor = extractors.For(mediaType);
        var untyped = extractor is null && SourceExtractors.IsUntyped(mediaType);
        if (extractor is null && !untyped)
            return new(FetchOutcomeKind.Permanent, $"unsupported content type {mediaType}", status, final, mediaType);
        var maxBytes = extractor?.MaxBytes(o) ?? extractors.MaxBytes(o);
        if (response.Content.Headers.ContentLength > maxBytes)
            return new(FetchOutcomeKind.Permanent, $"too large: {response.Content.Headers.ContentLength:N0} bytes (limit {maxBytes:N0})", status, final, mediaType);

        byte[] bytes;
        // The resilience pipeline's timeouts end when the headers arrive; the body gets its own deadline.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(o.AttemptTimeout);
        try
        {
            bytes = await ReadCappedAsync(response.Content, maxBytes, deadline.Token);
        }
        catch (InvalidDataException e)
        {
            return new(FetchOutcomeKind.Permanent, e.Message, status, final, mediaType);
        }
        catch (Exception e) when (e is IOException or HttpRequestException or TimeoutRejectedException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            return new(FetchOutcomeKind.Transient, "the body broke off or came too slowly", status, final, mediaType);
        }

        if (untyped)
        {
            if (extractors.Sniff(bytes) is not { } sniffed) return new(FetchOutcomeKind.Permanent, $"unsupported content type {mediaType}", status, final, mediaType);
            (extractor, mediaType) = sniffed;
        }
        try
        {
            var document = await extractor!.ExtractAsync(bytes, response.Content.Headers.ContentType?.CharSet, final, ct);
            return new(FetchOutcomeKind.Fetched, null, status, final, mediaType, etag, lastModified, document.Title, document.Text, PageStarts: document.PageStarts);
        }
        catch (SourceExtractionException e)
        {
            // The same bytes would fail the same way: not worth another attempt.
            return new(FetchOutcomeKind.Permanent, e.Message, status, final, mediaType);
        }
    }

    static async Task<byte[]> ReadCappedAsync(HttpContent content, long max, CancellationToken ct)
    {
        await using var stream = await content.ReadAsStreamAsync(ct);
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > max) throw new InvalidDataException($"too large: more than {max:N0} bytes");
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    static TimeSpan? RetryAfter(RetryConditionHeaderValue? header)
    {
        if (header?.Delta is { } delta) return delta;
        if (header?.Date is { } date) return date - DateTimeOffset.UtcNow is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        return null;
    }

    /// <summary>True when the resolver answered that the name does not exist (not a resolver that failed to answer).</summary>
    public static bool HostDoesNotExist(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
            if (x is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.HostNotFound }) return true;
        return false;
    }
}
