using FactCheck.Data;
namespace FactCheck.Api.Search;

public static class MatchingSetup
{
    public static IHostApplicationBuilder AddMatching(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<MatchingOptions>().BindConfiguration(MatchingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<LexemeStats>();
        builder.Services.AddScoped<ClaimMatcher>();
        builder.Services.AddScoped<FactCheckImporter>();
        builder.Services.AddHostedService<LexemeStatsRefresher>();
        return builder;
    }
}
