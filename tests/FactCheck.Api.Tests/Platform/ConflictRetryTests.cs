using System.Text;
using FactCheck.Api.Platform;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace FactCheck.Api.Tests.Platform;

/// <summary>The conflict retry of a write: a deadlock or serialisation failure runs the request again, body and all.</summary>
public sealed class ConflictRetryTests
{
    static Npgsql.PostgresException Conflict(string state) => new("conflict", "ERROR", "ERROR", state);

    static DefaultHttpContext Post(string body)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        return context;
    }

    [Theory]
    [InlineData(Npgsql.PostgresErrorCodes.DeadlockDetected)]
    [InlineData(Npgsql.PostgresErrorCodes.SerializationFailure)]
    public async Task A_conflict_runs_the_whole_request_again_with_its_body(string state)
    {
        var bodies = new List<string>();
        var middleware = new ConflictRetryMiddleware(async context =>
        {
            bodies.Add(await new StreamReader(context.Request.Body, leaveOpen: true).ReadToEndAsync());
            if (bodies.Count < 3) throw new InvalidOperationException("wrapped", Conflict(state));
            context.Response.StatusCode = 201;
        }, NullLogger<ConflictRetryMiddleware>.Instance);
        var context = Post("{\"rating\":\"true\"}");

        await middleware.InvokeAsync(context);

        Assert.Equal(201, context.Response.StatusCode);
        Assert.Equal(["{\"rating\":\"true\"}", "{\"rating\":\"true\"}", "{\"rating\":\"true\"}"], bodies);
    }

    [Fact]
    public async Task Conflicts_past_the_last_attempt_and_other_failures_are_not_retried()
    {
        var calls = 0;
        var always = new ConflictRetryMiddleware(_ => { calls++; throw Conflict(Npgsql.PostgresErrorCodes.DeadlockDetected); }, NullLogger<ConflictRetryMiddleware>.Instance);
        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => always.InvokeAsync(Post("{}")));
        Assert.Equal(ConflictRetryMiddleware.Attempts, calls);

        calls = 0;
        var unique = new ConflictRetryMiddleware(_ => { calls++; throw Conflict(Npgsql.PostgresErrorCodes.UniqueViolation); }, NullLogger<ConflictRetryMiddleware>.Instance);
        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => unique.InvokeAsync(Post("{}")));
        Assert.Equal(1, calls);
    }
}
