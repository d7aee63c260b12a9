using FactCheck.Api.Platform;
using FactCheck.Api.Sources;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FactCheck.Benchmarks;

/// <summary>
/// A plain host running some of the service's slices against a database, as one API process would run them without
/// HTTP: the database, fetching (the fetch worker, or only its guarded client), and what those slices use from the
/// slices left out (metrics, the verification wake-up). The container is validated when built, so a registration the
/// service gained and this host lacks fails at once instead of as worker passes that never run.
/// </summary>
static class WorkerHost
{
    public static HostApplicationBuilder Create(IDictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddDatabase();
        builder.AddFetching();
        builder.Services.AddSingleton<FactCheck.Api.Telemetry.FactCheckMetrics>();
        builder.Services.AddSingleton<FactCheck.Api.Verification.VerificationSignal>();
        builder.ConfigureContainer(new DefaultServiceProviderFactory(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }));
        return builder;
    }
}
