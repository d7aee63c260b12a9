using System.Reflection;
using System.Text.Json.Nodes;
using FactCheck.Api.Endpoints.Articles;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace FactCheck.Api.Infrastructure;

public static class ApiDocs
{
    public static IHostApplicationBuilder AddApiDocs(this IHostApplicationBuilder builder)
    {
        builder.Services.AddEndpointsApiExplorer();
        builder.Services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "FactCheck API",
                Version = "v1",
                Description = "Breaks news articles into check-worthy claims, links each claim to the sources it cites, " +
                              "fetches those sources, and records verdicts. Errors are RFC 9457 problem details.",
            });
            foreach (var assembly in new[] { typeof(ApiDocs).Assembly, typeof(Analysis.Text.TextSpan).Assembly })
            {
                var xml = Path.Combine(AppContext.BaseDirectory, $"{assembly.GetName().Name}.xml");
                if (File.Exists(xml)) options.IncludeXmlComments(xml, includeControllerXmlComments: true);
            }
            options.OperationFilter<ExampleRequestFilter>();
            options.SupportNonNullableReferenceTypes();
        });
        return builder;
    }

    public static WebApplication UseApiDocs(this WebApplication app)
    {
        app.UseSwagger();
        app.UseSwaggerUI(options =>
        {
            options.SwaggerEndpoint("/swagger/v1/swagger.json", "FactCheck API v1");
            options.RoutePrefix = "swagger";
            options.DocumentTitle = "FactCheck API";
        });
        return app;
    }

    /// <summary>The sample article, ready to post from Swagger UI.</summary>
    sealed class ExampleRequestFilter : IOperationFilter
    {
        static readonly Lazy<JsonNode> SampleArticle = new(BuildSample);

        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            if (operation.OperationId != "CreateArticle" || operation.RequestBody?.Content is null) return;
            foreach (var media in operation.RequestBody.Content.Values)
                media.Example = SampleArticle.Value.DeepClone();
        }

        static JsonNode BuildSample()
        {
            var text = Samples.PutinKimArticle;
            var title = text[..text.IndexOf('\n')].Trim();
            var body = text[(text.IndexOf('\n') + 1)..].Trim();
            return new JsonObject
            {
                ["title"] = title,
                ["body"] = body,
                ["url"] = "https://news.example.com/world/putin-kim-mutual-defence-pact",
                ["publisher"] = "Example News",
                ["publishedAt"] = "2024-06-20T09:00:00Z",
                ["language"] = "en",
                ["sources"] = new JsonArray(
                    new JsonObject { ["label"] = "Source 1", ["url"] = "https://wire.example.org/2024/06/19/russia-north-korea-sign-pact" },
                    new JsonObject { ["label"] = "Source 2", ["url"] = "https://www.example.net/asia/kim-putin-treaty-mutual-defence" },
                    new JsonObject { ["label"] = "Source 3", ["url"] = "https://press.example.gov/blinken-remarks-putin-visit-pyongyang" }),
            };
        }
    }
}

public static class Samples
{
    /// <summary>The article FactCheck is built for: a news story with three cited sources.</summary>
    public static string PutinKimArticle => Read("putin-kim-defence-pact.txt");

    static string Read(string name)
    {
        var assembly = Assembly.GetExecutingAssembly();
        var resource = assembly.GetManifestResourceNames().Single(n => n.EndsWith(name, StringComparison.Ordinal));
        using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
        return reader.ReadToEnd();
    }
}
