using FactCheck.Data;
using Microsoft.Extensions.Options;

namespace FactCheck.Api.Search;

/// <summary>Keeps <see cref="LexemeStats"/> fresh in the background.</summary>
public sealed class LexemeStatsRefresher(IServiceScopeFactory scopes, Platform.SchemaGate schema, LexemeStats stats, IOptions<MatchingOptions> options, TimeProvider time, ILogger<LexemeStatsRefresher> logger)
    : Platform.PeriodicJob(schema, time, logger)
{
    protected override TimeSpan Interval => options.Value.StatsRefreshInterval;
    protected override string Name => "Lexeme statistics refresh (matching uses the previous ones)";
    protected override IServiceScopeFactory Scopes => scopes;

    protected override Task RunAsync(IServiceProvider services, CancellationToken ct) =>
        stats.RefreshAsync(services.GetRequiredService<FactCheckDbContext>(), options.Value.StatsMinimumClaims, force: false, ct);
}
