using System.Runtime.CompilerServices;

namespace FactCheck.Api.Sources;

/// <summary>
/// How many requests of the current fetch really left for the page. The counter flows with the fetch's async context
/// into the innermost handler (the resilience pipeline may clone the request message for its retries, so the message
/// cannot carry it).
/// </summary>
public static class SentRequests
{
    static readonly AsyncLocal<StrongBox<int>?> Current = new();

    /// <summary>A fresh count for the fetch that follows in this async flow.</summary>
    public static StrongBox<int> Start()
    {
        var box = new StrongBox<int>();
        Current.Value = box;
        return box;
    }

    /// <summary>The handler inside the resilience pipeline that counts each request passed to the network.</summary>
    public sealed class Counter : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (Current.Value is { } box) Interlocked.Increment(ref box.Value);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
