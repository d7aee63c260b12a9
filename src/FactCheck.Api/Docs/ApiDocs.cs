using Microsoft.AspNetCore.Authentication;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using FactCheck.Api.Platform;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace FactCheck.Api.Docs;

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
            foreach (var assembly in new[] { typeof(ApiDocs).Assembly, typeof(Analysis.Text.TextSpan).Assembly, typeof(Data.FactCheckDbContext).Assembly })
            {
                var xml = Path.Combine(AppContext.BaseDirectory, $"{assembly.GetName().Name}.xml");
                if (File.Exists(xml)) options.IncludeXmlComments(xml, includeControllerXmlComments: true);
            }
            options.OperationFilter<ExampleRequestFilter>();
            options.OperationFilter<QueryNamesFilter>();
            // The "Authorize" button: paste a key once, every request sends it as X-Api-Key.
            options.AddSecurityDefinition(Security.ApiKeyAuthenticationHandler.SchemeName, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = Security.ApiKeySecrets.Header,
                Description = "An API key. scripts/run.sh prints a development key beside the Swagger URL.",
            });
            options.OperationFilter<SecurityResponsesFilter>();
            options.SupportNonNullableReferenceTypes();
            // Grouped in the order a fact-checker works, administration last.
            options.TagActionsBy(api => [TagOf(api)]);
            options.OrderActionsBy(api => $"{Array.FindIndex(TagOrder, t => t.Name == TagOf(api)):D2}");
            options.DocumentFilter<TagOrderFilter>();
            options.DocumentFilter<ProblemResponsesFilter>();
            options.SchemaFilter<ValueSetFilter>();
            options.OperationFilter<ValueSetFilter>();
            options.SchemaFilter<RequiredFilter>();
        });
        return builder;
    }

    static readonly (string Name, string Description)[] TagOrder =
    [
        ("Articles", "Submit an article with its sources; read it back with its claims, progress and report."),
        ("Claims", "One claim: its citations, evidence and verdicts; check a single claim; attach a source."),
        ("Verdicts", "Editorial verdicts and the review workflow (If-Match)."),
        ("Search", "Search claims, find similar and previously fact-checked ones, import fact-checks."),
        ("Sources", "A cited source's fetch state; refetch it."),
        ("Analysis", "Check-worthiness scoring of any text."),
        ("Webhooks", "Be told of changes: webhooks signed as the Standard Webhooks specification says, and the events feed in commit order."),
        ("Administration", "API keys and the audit trail."),
        ("Health", "Liveness and readiness."),
    ];

    static readonly Dictionary<string, string> TagOfEndpoint = new(StringComparer.Ordinal)
    {
        ["AddVerdict"] = "Verdicts", ["ChangeClaimStatus"] = "Verdicts",
        ["SearchClaims"] = "Search", ["SimilarClaims"] = "Search", ["MatchClaim"] = "Search", ["ImportFactChecks"] = "Search",
    };

    static string TagOf(Microsoft.AspNetCore.Mvc.ApiExplorer.ApiDescription api)
    {
        var metadata = api.ActionDescriptor.EndpointMetadata;
        var name = metadata.OfType<Microsoft.AspNetCore.Routing.IEndpointNameMetadata>().FirstOrDefault()?.EndpointName;
        if (name is not null && TagOfEndpoint.TryGetValue(name, out var tag)) return tag;
        return metadata.OfType<Microsoft.AspNetCore.Http.Metadata.ITagsMetadata>().SelectMany(t => t.Tags).LastOrDefault() ?? "Other";
    }

    /// <summary>
    /// One problem schema ("Problem": RFC 9457 members with the service's traceId and, for validation, errors) on
    /// every 4xx and 5xx answer, as application/problem+json, so a generated client has one error type to catch.
    /// </summary>
    sealed class ProblemResponsesFilter : IDocumentFilter
    {
        public void Apply(OpenApiDocument swaggerDoc, DocumentFilterContext context)
        {
            swaggerDoc.Components ??= new OpenApiComponents();
            swaggerDoc.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
            static OpenApiSchema Text(string description) => new() { Type = JsonSchemaType.String | JsonSchemaType.Null, Description = description };
            swaggerDoc.Components.Schemas["Problem"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "An RFC 9457 problem: what went wrong, for people (title, detail) and programs (status, errors).",
                Required = new HashSet<string> { "title", "status", "traceId" },
                Properties = new Dictionary<string, IOpenApiSchema>
                {
                    ["type"] = Text("A URI naming the kind of problem."),
                    // Kiota makes the property marked x-ms-primary-error-message its exception's Message: a generated
                    // client then says "Citation not added." instead of "Exception of type 'Problem' was thrown".
                    ["title"] = new OpenApiSchema
                    {
                        Type = JsonSchemaType.String, Description = "A short summary.",
                        Extensions = new Dictionary<string, IOpenApiExtension> { ["x-ms-primary-error-message"] = new JsonNodeExtension(System.Text.Json.Nodes.JsonValue.Create(true)) },
                    },
                    ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Description = "The HTTP status code." },
                    ["detail"] = Text("This occurrence, explained."),
                    ["instance"] = Text("The request path."),
                    ["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Quote it when reporting a problem: it finds the request in the logs." },
                    ["errors"] = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object | JsonSchemaType.Null,
                        Description = "Validation problems (400): each field named as in JSON, with its messages.",
                        AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
                    },
                },
                AdditionalPropertiesAllowed = true,
            };
            var problem = new OpenApiSchemaReference("Problem", swaggerDoc);
            foreach (var (path, item) in swaggerDoc.Paths)
                foreach (var (method, operation) in item.Operations ?? [])
                    foreach (var (code, response) in operation.Responses ?? [])
                    {
                        if (code.Length != 3 || code[0] is not ('4' or '5') || response is not OpenApiResponse concrete) continue;
                        // Readiness answers 503 with its report, not a problem.
                        if (path == "/health/ready")
                        {
                            concrete.Content ??= new Dictionary<string, OpenApiMediaType>();
                            if (concrete.Content.Count == 0)
                                concrete.Content["application/json"] = new OpenApiMediaType { Schema = new OpenApiSchemaReference(nameof(HealthReportResponse), swaggerDoc) };
                            continue;
                        }
                        concrete.Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = problem } };
                    }
            swaggerDoc.Components.Schemas.Remove("ProblemDetails");
            swaggerDoc.Components.Schemas.Remove("HttpValidationProblemDetails");
        }
    }

    /// <summary>
    /// Strings whose value is one of a set, stated as enums so generated clients get them as such: claim types and
    /// roles in the contracts, and the query parameters that filter by status or type. (A verdict label is not a fixed
    /// set: editorial ones come from the configured rating scale.)
    /// </summary>
    /// <summary>
    /// <c>required</c> lists: a property is required when its .NET type cannot be null (a value type that is not
    /// <c>Nullable&lt;T&gt;</c>, or a non-nullable reference). Responses always carry those; request properties are
    /// nullable on purpose (so a missing one gets a validation message naming it) and stay optional in the schema.
    /// </summary>
    sealed class RequiredFilter : ISchemaFilter
    {
        static readonly System.Reflection.NullabilityInfoContext Nullability = new();

        public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
        {
            if (schema is not OpenApiSchema { Properties: { Count: > 0 } properties } concrete || context.Type.IsEnum || context.Type.IsPrimitive) return;
            var naming = JsonNamingPolicy.CamelCase;
            foreach (var property in context.Type.GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance))
            {
                var name = naming.ConvertName(property.Name);
                if (!properties.ContainsKey(name)) continue;
                var type = property.PropertyType;
                var notNull = type.IsValueType
                    ? Nullable.GetUnderlyingType(type) is null
                    : Nullability.Create(property).ReadState == System.Reflection.NullabilityState.NotNull;
                if (!notNull) continue;
                concrete.Required ??= new HashSet<string>();
                concrete.Required.Add(name);
            }
            // JSON-LD input (the fact-check import) may carry any other schema.org property: they are ignored, not refused.
            if (context.Type.Name.EndsWith("Input", StringComparison.Ordinal) && context.Type.Namespace == typeof(Search.ClaimReviewInput).Namespace)
            {
                concrete.AdditionalPropertiesAllowed = true;
                concrete.AdditionalProperties = null;
            }
        }
    }

    sealed class ValueSetFilter : ISchemaFilter, IOperationFilter
    {
        static readonly string[] ClaimTypes = [.. Enum.GetNames<Analysis.Claims.ClaimType>().Select(JsonNamingPolicy.SnakeCaseLower.ConvertName)];
        static readonly string[] Roles = [Security.Roles.Reader, Security.Roles.Submitter, Security.Roles.Checker, Security.Roles.Admin];
        static readonly string[] ArticleStatuses = [.. Enum.GetNames<Data.ArticleStatus>().Select(JsonNamingPolicy.SnakeCaseLower.ConvertName)];
        static readonly string[] WorkflowStatuses = [.. Enum.GetNames<Data.WorkflowStatus>().Select(JsonNamingPolicy.SnakeCaseLower.ConvertName)];

        static readonly Dictionary<(string Schema, string Property), string[]> Properties = new()
        {
            [("ClaimResponse", "type")] = ClaimTypes,
            [("ClaimDetail", "type")] = ClaimTypes,
            [("ClaimSearchItem", "type")] = ClaimTypes,
            [("CreateKeyRequest", "roles")] = Roles,
            [("KeyResponse", "roles")] = Roles,
            [("CreatedKeyResponse", "roles")] = Roles,
            [("CreateWebhookRequest", "eventTypes")] = [.. Events.EventTypes.All],
            [("WebhookResponse", "eventTypes")] = [.. Events.EventTypes.All],
            [("CreatedWebhookResponse", "eventTypes")] = [.. Events.EventTypes.All],
        };

        static readonly Dictionary<string, string[]> QueryParameters = new(StringComparer.Ordinal)
        {
            ["status"] = ArticleStatuses,
            ["type"] = ClaimTypes,
            ["workflowStatus"] = WorkflowStatuses,
            ["eventType"] = [.. Events.EventTypes.All],
        };

        static void Enumerate(IOpenApiSchema schema, string[] values)
        {
            if (schema is not OpenApiSchema concrete) return;
            var target = concrete.Type?.HasFlag(JsonSchemaType.Array) == true ? concrete.Items as OpenApiSchema : concrete;
            if (target is null) return;
            target.Enum = [.. values.Select(v => (JsonNode)JsonValue.Create(v)!)];
        }

        public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
        {
            if (schema is not OpenApiSchema { Properties: { } properties }) return;
            foreach (var (name, property) in properties)
                if (Properties.TryGetValue((context.Type.Name, name), out var values)) Enumerate(property, values);
        }

        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            foreach (var parameter in operation.Parameters ?? [])
                if (parameter is OpenApiParameter { In: ParameterLocation.Query, Schema: { } schema } p && p.Name is { } name
                    && QueryParameters.TryGetValue(name, out var values))
                    Enumerate(schema, values);
        }
    }

    sealed class TagOrderFilter : IDocumentFilter
    {
        public void Apply(OpenApiDocument swaggerDoc, DocumentFilterContext context) =>
            swaggerDoc.Tags = new HashSet<OpenApiTag>(TagOrder.Select(t => new OpenApiTag { Name = t.Name, Description = t.Description }));
    }

    public static WebApplication UseApiDocs(this WebApplication app)
    {
        if (app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ApiOptions>>().Value.DocsRequireKey)
        {
            // Swagger runs before routing and authorization: its gate is here.
            app.UseWhen(http => http.Request.Path.StartsWithSegments("/swagger"), docs => docs.Use(async (http, next) =>
            {
                var result = await http.AuthenticateAsync(Security.ApiKeyAuthenticationHandler.SchemeName);
                if (!result.Succeeded)
                {
                    await http.ChallengeAsync(Security.ApiKeyAuthenticationHandler.SchemeName);
                    return;
                }
                await next(http);
            }));
        }
        // "servers": where this document was served from, so generated clients need no base URL edited in.
        app.UseSwagger(options => options.PreSerializeFilters.Add((doc, request) =>
            doc.Servers = [new OpenApiServer { Url = $"{request.Scheme}://{request.Host.Value}{request.PathBase.Value}", Description = "This service" }]));
        app.UseSwaggerUI(options =>
        {
            options.SwaggerEndpoint("/swagger/v1/swagger.json", "FactCheck API v1");
            options.RoutePrefix = "swagger";
            options.DocumentTitle = "FactCheck API";
            // The key pasted into "Authorize" survives a reload of the page.
            options.EnablePersistAuthorization();
        });
        // The service's root sends a browser to Swagger UI; a tool gets where the documentation is.
        app.MapGet("/", (HttpContext http) =>
                http.Request.GetTypedHeaders().Accept.Any(a => a.MediaType.Value is "text/html")
                    ? Results.Redirect("/swagger")
                    : Results.Ok(new { name = "FactCheck API", docs = "/swagger", openApi = "/swagger/v1/swagger.json", health = "/health/ready" }))
            .WithName("Root").AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    /// <summary>
    /// Marks every operation that needs a key (all but health) with the key requirement and documents its
    /// 401, 403 and 429 problem answers and the roles it needs.
    /// </summary>
    sealed class SecurityResponsesFilter : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
            if (metadata.OfType<Microsoft.AspNetCore.Authorization.IAllowAnonymous>().Any())
            {
                // Open (health, metrics, a shared report): an explicit empty requirement, so generated clients send no key.
                operation.Security = [];
                return;
            }
            var policy = metadata.OfType<Microsoft.AspNetCore.Authorization.IAuthorizeData>().Select(a => a.Policy).LastOrDefault(p => p is not null);
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(Security.ApiKeyAuthenticationHandler.SchemeName, context.Document)] = [],
            });
            var roles = policy switch
            {
                Security.Policies.Submit => "submitter or admin",
                Security.Policies.Check => "checker or admin",
                Security.Policies.Administer => "admin",
                _ => "any role",
            };
            operation.Description = (operation.Description is { Length: > 0 } d ? d + "\n\n" : "") + $"Needs an API key with {roles}.";
            operation.Responses ??= [];
            var problem = context.SchemaGenerator.GenerateSchema(typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), context.SchemaRepository);
            void Add(string code, string description)
            {
                if (operation.Responses.ContainsKey(code)) return;
                operation.Responses[code] = new OpenApiResponse
                {
                    Description = description,
                    Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = problem } },
                };
            }
            Add("401", "No API key, or an invalid or revoked one.");
            Add("403", $"The key lacks the role ({roles}).");
            Add("429", "The key's request budget is spent; see Retry-After.");
        }
    }

    /// <summary>
    /// Query parameters bound from a record ([AsParameters]) are listed under the record's property names
    /// ("Q", "Limit"); binding ignores case, and the API's documentation and errors say "q" and "limit":
    /// Swagger UI shows them so too.
    /// </summary>
    sealed class QueryNamesFilter : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            foreach (var parameter in operation.Parameters ?? [])
                if (parameter is OpenApiParameter { In: ParameterLocation.Query, Name: { Length: > 0 } name } concrete && char.IsUpper(name[0]))
                    concrete.Name = JsonNamingPolicy.CamelCase.ConvertName(name);
        }
    }

    /// <summary>The sample article, ready to post from Swagger UI.</summary>
    sealed class ExampleRequestFilter : IOperationFilter
    {
        static readonly Lazy<JsonNode> SampleArticle = new(BuildSample);

        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            if (operation.RequestBody?.Content is null) return;
            var named = operation.OperationId switch
            {
                // Pasted sources first: Swagger UI shows the first example, and it has verdicts and evidence within seconds.
                "CreateArticle" => new Dictionary<string, (string Summary, JsonNode Value)>
                {
                    ["pasted"] = ("The sample article with its three sources pasted: verdicts within seconds", SampleArticle.Value),
                    ["urls"] = ("The same article with its sources as URLs to fetch (example domains: they end failed)", SampleArticleWithUrls.Value),
                },
                "CheckClaim" => new Dictionary<string, (string Summary, JsonNode Value)>
                {
                    ["pasted"] = ("One claim against two pasted sources", new JsonObject
                    {
                        ["text"] = "Putin and Kim signed a pact obliging each country to come to the other's aid if attacked.",
                        ["sources"] = new JsonArray(
                            new JsonObject { ["label"] = "Source 1", ["content"] = SampleSources.Wire },
                            new JsonObject { ["label"] = "Source 2", ["content"] = SampleSources.TreatyText }),
                    }),
                },
                _ => null,
            };
            if (named is not null)
            {
                foreach (var media in operation.RequestBody.Content.Values)
                {
                    media.Example = null;
                    media.Examples = named.ToDictionary(e => e.Key, e => (IOpenApiExample)new OpenApiExample { Summary = e.Value.Summary, Value = e.Value.Value.DeepClone() });
                }
                return;
            }
            var example = operation.OperationId switch
            {
                "ImportFactChecks" => SampleFactChecks,
                "MatchClaim" => new JsonObject { ["text"] = "North Korea and Russia signed a treaty promising military help if either is attacked.", ["limit"] = 5 },
                _ => null,
            };
            if (example is null) return;
            foreach (var media in operation.RequestBody.Content.Values)
                media.Example = example.DeepClone();
        }

        /// <summary>A ClaimReview as fact-checkers publish it (schema.org JSON-LD), ready to import from Swagger UI.</summary>
        static readonly JsonNode SampleFactChecks = new JsonArray(new JsonObject
        {
            ["@context"] = "https://schema.org",
            ["@type"] = "ClaimReview",
            ["url"] = "https://factcheck.example.org/2024/06/russia-north-korea-defence-pact",
            ["claimReviewed"] = "Russia and North Korea signed a pact obliging each to come to the other's aid if attacked.",
            ["headline"] = "Yes, the June 2024 treaty includes a mutual defence clause",
            ["datePublished"] = "2024-06-21",
            ["author"] = new JsonObject { ["@type"] = "Organization", ["name"] = "Example Fact Check" },
            ["reviewRating"] = new JsonObject { ["@type"] = "Rating", ["ratingValue"] = 5, ["bestRating"] = 5, ["worstRating"] = 1, ["alternateName"] = "True" },
            ["itemReviewed"] = new JsonObject
            {
                ["@type"] = "Claim",
                ["author"] = new JsonObject { ["@type"] = "Person", ["name"] = "Kim Jong-un" },
                ["datePublished"] = "2024-06-19",
                ["appearance"] = new JsonArray(new JsonObject { ["@type"] = "CreativeWork", ["url"] = "https://news.example.com/world/putin-kim-mutual-defence-pact" }),
            },
        });

        static readonly Lazy<JsonNode> SampleArticleWithUrls = new(() => BuildSample(pasted: false));

        static JsonNode BuildSample() => BuildSample(pasted: true);

        static JsonNode BuildSample(bool pasted)
        {
            var text = Samples.PutinKimArticle;
            var title = text[..text.IndexOf('\n')].Trim();
            var body = text[(text.IndexOf('\n') + 1)..].Trim();
            if (pasted)
                return new JsonObject
                {
                    ["title"] = title,
                    ["body"] = body,
                    ["publisher"] = "Example News",
                    ["publishedAt"] = "2024-06-20T09:00:00Z",
                    ["language"] = "en",
                    ["sources"] = new JsonArray(
                        new JsonObject { ["label"] = "Source 1", ["content"] = SampleSources.Wire },
                        new JsonObject { ["label"] = "Source 2", ["content"] = SampleSources.TreatyText },
                        new JsonObject { ["label"] = "Source 3", ["content"] = SampleSources.Blinken }),
                };
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
