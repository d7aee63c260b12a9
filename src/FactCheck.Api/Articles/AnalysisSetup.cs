using FactCheck.Analysis.Claims;
using FluentValidation;

namespace FactCheck.Api.Articles;

public static class AnalysisSetup
{
    public static IHostApplicationBuilder AddAnalysis(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(ClaimExtractor.CreateDefault());
        builder.Services.AddOptions<ClaimExtractionSettings>().BindConfiguration(ClaimExtractionSettings.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<ArticleIngestion>();
        builder.Services.AddOptions<Verification.RatingScaleOptions>().BindConfiguration(Verification.RatingScaleOptions.Section).ValidateOnStart();
        builder.Services.AddValidatorsFromAssemblyContaining<CreateArticleRequestValidator>(ServiceLifetime.Singleton);
        // Field errors name fields as the client spells them in JSON.
        ValidatorOptions.Global.DisplayNameResolver = (_, member, _) =>
            member is null ? null : System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(member.Name);
        return builder;
    }
}
