using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Sockets;
using System.Net;
using FactCheck.Api.Sources;
using FactCheck.Api.Tests.Infrastructure;
using FactCheck.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WireMock.Server;

namespace FactCheck.Api.Tests.Sources;

/// <summary>Resolves test host names without DNS: "*.test" to loopback, a few to blocked addresses.</summary>
public sealed class StubResolver : IHostResolver
{
    public ConcurrentDictionary<string, IPAddress[]> Names { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct) =>
        Task.FromResult(Names.TryGetValue(host, out var addresses) ? addresses
            : host.EndsWith(".test", StringComparison.OrdinalIgnoreCase) ? [IPAddress.Loopback]
            : throw new SocketException((int)SocketError.HostNotFound));
}

/// <summary>
/// The API with its fetch worker on, fetching from WireMock servers on 127.0.0.1 through names that a
/// stub resolver points at loopback. Timeouts and backoffs are short so failures play out in seconds.
/// </summary>
public class FetchApiFactory : ApiFactory
{
    public WireMockServer Pages { get; } = WireMockServer.Start();
    public WireMockServer Other { get; } = WireMockServer.Start();
    public DrippingServer Drip { get; } = new();
    /// <summary>A port on loopback with nothing listening: connections to it are refused.</summary>
    public int DeadPort { get; } = FreePort();
    public StubResolver Resolver { get; } = new();
    public LogCapture Logs { get; } = new();

    protected virtual bool AllowLoopback => true;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Fetching:WorkerEnabled"] = "true",
        ["Fetching:AllowLoopback"] = AllowLoopback ? "true" : "false",
        ["Fetching:AllowedPorts:0"] = Pages.Port.ToString(CultureInfo.InvariantCulture),
        ["Fetching:AllowedPorts:1"] = Other.Port.ToString(CultureInfo.InvariantCulture),
        ["Fetching:AllowedPorts:2"] = DeadPort.ToString(CultureInfo.InvariantCulture),
        ["Fetching:AllowedPorts:3"] = Drip.Port.ToString(CultureInfo.InvariantCulture),
        ["Fetching:MaxResponseBytes"] = "65536",
        ["Fetching:MaxPdfBytes"] = "1048576",
        ["Fetching:AttemptTimeout"] = "00:00:01",
        ["Fetching:TotalTimeout"] = "00:00:04",
        ["Fetching:HttpRetries"] = "1",
        ["Fetching:HttpRetryDelay"] = "00:00:00.010",
        ["Fetching:MaxAttempts"] = "3",
        ["Fetching:BaseBackoff"] = "00:00:00.100",
        ["Fetching:MaxBackoff"] = "00:00:02",
        ["Fetching:LeaseDuration"] = "00:00:05",
        ["Fetching:PollInterval"] = "00:00:00.100",
        ["Fetching:BreakerMinimumThroughput"] = "3",
        ["Fetching:BreakerBreakDuration"] = "00:00:03",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<IHostResolver>(Resolver));
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
    }

    public string UrlOn(string host, string path, WireMockServer? server = null) =>
        $"http://{host}:{(server ?? Pages).Port}{path}";

    public async Task<Document> WaitForDocumentAsync(string normalizedUrlStart, Func<Document, bool> done, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        Document? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await WithDbAsync(db => db.Documents.AsNoTracking().SingleOrDefaultAsync(d => d.NormalizedUrl!.StartsWith(normalizedUrlStart)));
            if (last is not null && done(last)) return last;
            await Task.Delay(100);
        }
        throw new TimeoutException($"document {normalizedUrlStart} is {last?.Status} ({last?.LastError}) after {seconds}s");
    }

    public override async ValueTask DisposeAsync()
    {
        Pages.Stop();
        Other.Stop();
        await Drip.DisposeAsync();
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class FetchCollection : ICollectionFixture<FetchApiFactory>
{
    public const string Name = "fetch";
}
