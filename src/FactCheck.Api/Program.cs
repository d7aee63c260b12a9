using FactCheck.Api.Articles;
using FactCheck.Api.Data;
using FactCheck.Api.Endpoints.Articles;
using FactCheck.Api.Infrastructure;

var builder = WebApplication.CreateBuilder(args);

builder.AddApiConventions();
builder.AddApiDocs();
builder.AddDatabase();
builder.AddHealth();
builder.AddAnalysis();

var app = builder.Build();

if (args.Contains("migrate"))
{
    // The explicit migration step: `FactCheck.Api migrate` applies pending migrations and exits.
    await DatabaseExtensions.MigrateAsync(app.Services);
    app.Logger.LogInformation("Database schema is up to date.");
    return;
}

app.UseApiConventions();
app.UseApiDocs();
app.MapHealthEndpoints();
app.MapArticleEndpoints();

app.Run();

/// <summary>The entry point; public so tests can host it with WebApplicationFactory.</summary>
public partial class Program;
