using FactCheck.Api.Articles;
using FactCheck.Api.Tests.Articles;
using FactCheck.Api.Tests.Infrastructure;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace FactCheck.Api.Tests;

public sealed class ServerErrorTests
{
    const string DeadDatabase = "Host=127.0.0.1;Port=9;Database=none;Username=none;Timeout=2";

    sealed class Factory(string environment, string connectionString, bool brokenValidator = false) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment(environment);
            builder.UseSetting("ConnectionStrings:FactCheck", connectionString);
            builder.UseSetting("Fetching:WorkerEnabled", "false");
            builder.UseSetting("Verification:WorkerEnabled", "false");
            TestKeys.Configure(builder);
            // The database is dead on purpose: EF's connection errors (from the queue sampler too) are expected noise.
            builder.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore", "None");
            if (brokenValidator)
                builder.ConfigureTestServices(services => services.AddSingleton<IValidator<CreateArticleRequest>, ThrowingValidator>());
        }
    }

    /// <summary>A defect inside the service, standing in for any bug that throws.</summary>
    sealed class ThrowingValidator : AbstractValidator<CreateArticleRequest>
    {
        public override Task<ValidationResult> ValidateAsync(ValidationContext<CreateArticleRequest> context, CancellationToken cancellation = default) =>
            throw new InvalidOperationException("secret internal detail");
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Development")]
    public async Task A_defect_is_a_500_problem_with_a_trace_id_and_no_internals(string environment)
    {
        // A live server: the request must get past authentication and the (database-backed) rate limiter to the defect.
        var database = await Infrastructure.TestDatabase.CreateDatabaseAsync("factcheck_defect");
        await using (var db = FactCheck.Data.DatabaseExtensions.CreateContext(database))
            await Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.MigrateAsync(db.Database);
        await using var factory = new Factory(environment, database, brokenValidator: true);
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add(TestKeys.Header, TestKeys.Admin);

        var response = await client.PostArticleAsync(Requests.Article());

        var text = (await ArticleValidationTests.AssertProblemAsync(response, 500)).GetRawText();
        Assert.DoesNotContain("secret internal detail", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        Assert.DoesNotContain(".cs:line", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_database_is_a_503_problem_with_retry_after()
    {
        await using var factory = new Factory("Production", DeadDatabase);
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add(TestKeys.Header, TestKeys.Admin);

        var response = await client.PostArticleAsync(Requests.Article());

        var text = (await ArticleValidationTests.AssertProblemAsync(response, 503)).GetRawText();
        Assert.DoesNotContain("Npgsql", text, StringComparison.Ordinal);
        Assert.Equal("5", response.Headers.RetryAfter?.ToString());
    }
}
