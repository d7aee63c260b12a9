using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace FactCheck.Api.Tests.Webhooks;

/// <summary>A webhook receiver on 127.0.0.1: records every request; answers with the status <see cref="Answer"/> gives.</summary>
public sealed class WebhookReceiver : IDisposable
{
    public sealed record Received(string Path, IReadOnlyDictionary<string, string> Headers, string Body, DateTimeOffset At);

    readonly HttpListener listener = new();
    readonly Task loop;
    int count;

    public WebhookReceiver()
    {
        Port = FreePort();
        listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        listener.Start();
        loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public string Url(string path = "/hook") => $"http://127.0.0.1:{Port}{path}";

    public ConcurrentQueue<Received> Requests { get; } = new();

    /// <summary>The status for the n-th request (1-based) to a path; 204 unless a test says otherwise.</summary>
    public Func<string, int, int> Answer { get; set; } = (_, _) => 204;

    public void Reset()
    {
        Requests.Clear();
        Answer = (_, _) => 204;
        Interlocked.Exchange(ref count, 0);
    }

    async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            using var reader = new StreamReader(context.Request.InputStream);
            var body = await reader.ReadToEndAsync();
            var path = context.Request.Url!.AbsolutePath;
            var headers = context.Request.Headers.AllKeys.Where(k => k is not null).ToDictionary(k => k!.ToLowerInvariant(), k => context.Request.Headers[k]!);
            var n = Requests.Count(r => r.Path == path) + 1;
            Requests.Enqueue(new Received(path, headers, body, DateTimeOffset.UtcNow));
            context.Response.StatusCode = Answer(path, n);
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        listener.Stop();
        listener.Close();
        loop.Wait(TimeSpan.FromSeconds(5));
    }

    static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
