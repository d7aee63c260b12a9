using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace FactCheck.Api.Platform;

/// <summary>
/// Turns exceptions into problem responses: what the client got wrong says so precisely (which field,
/// which rule); anything else is a 500 that shows no internals.
/// </summary>
sealed partial class ApiExceptionHandler(ILogger<ApiExceptionHandler> logger, DatabaseOutage outage) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        var problem = exception switch
        {
            BadHttpRequestException bad => FromBadRequest(bad),
            _ when IsDatabaseUnavailable(exception) || ConnectionBroke(context, exception) => new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The database is unavailable.",
                Detail = "Nothing was changed. Retry in a few seconds.",
            },
            _ => null,
        };
        if (problem?.Status == StatusCodes.Status503ServiceUnavailable)
        {
            // One line per outage and a summary a minute (DatabaseOutage), not a stack trace per request.
            outage.Report(exception, $"{context.Request.Method} {context.Request.Path}");
            context.Response.Headers.RetryAfter = "5";
        }

        if (problem is null)
        {
            logger.LogError(exception, "Unhandled exception on {Method} {Path}", context.Request.Method, context.Request.Path);
            problem = new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = "An unexpected error occurred.",
                Detail = "The request could not be completed. Quote the trace id when reporting this.",
            };
        }
        else if (problem.Status < 500)
        {
            logger.LogInformation("Rejected {Method} {Path}: {Status} {Detail}", context.Request.Method, context.Request.Path, problem.Status, problem.Detail);
        }

        context.Response.StatusCode = problem.Status!.Value;
        return await context.WriteProblemAsync(problem, exception);
    }

    static ProblemDetails FromBadRequest(BadHttpRequestException bad)
    {
        if (bad.StatusCode == StatusCodes.Status415UnsupportedMediaType)
            return new ProblemDetails
            {
                Status = bad.StatusCode,
                Title = "Unsupported media type.",
                Detail = "Send the request body as JSON with Content-Type: application/json.",
            };
        if (bad.StatusCode == StatusCodes.Status413PayloadTooLarge)
            return new ProblemDetails { Status = bad.StatusCode, Title = "Request body too large.", Detail = bad.Message };

        if (bad.InnerException is JsonException json)
        {
            var field = JsonPathToField(json.Path);
            var unknown = UnknownProperty().Match(json.Message);
            // Syntax errors come from the reader; type mismatches from the converters.
            var syntax = json.InnerException?.GetType().Name == "JsonReaderException";
            var message = json is StorableText.NulCharacterException
                ? StorableText.Message(field)
                : unknown.Success
                ? $"Unknown field '{unknown.Groups[1].Value}'."
                : syntax || json.Path is null or "$"
                    ? $"The body is not valid JSON (line {json.LineNumber + 1}, byte {json.BytePositionInLine + 1})."
                    : $"The value of '{field}' is malformed or of the wrong type.";
            if (unknown.Success) field = JsonPathToField(json.Path is null or "$" ? "$." + unknown.Groups[1].Value : json.Path);
            return new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field.Length == 0 ? "body" : field] = [message] })
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "The request body could not be read.",
                Detail = message,
            };
        }

        if (MissingBody().IsMatch(bad.Message))
        {
            // "Implicit body inferred for parameter … but no body was provided": an empty or null body, in the API's terms.
            const string message = "A JSON body is required (the request had none, or it was null).";
            return new HttpValidationProblemDetails(new Dictionary<string, string[]> { ["body"] = [message] })
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "The request body is missing.",
                Detail = message,
            };
        }

        if (BindingFailure().Match(bad.Message) is { Success: true } binding)
        {
            // 'Failed to bind parameter "Nullable<double> MinCheckWorthiness" from "abc".': say it in the API's terms.
            var field = JsonNamingPolicy.CamelCase.ConvertName(binding.Groups["name"].Value);
            var value = binding.Groups["value"].Value;
            if (value.Length > 100) value = value[..100] + "…";
            var message = $"'{field}' could not be read from \"{value}\": expected {Expected(binding.Groups["type"].Value)}.";
            return new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "A parameter could not be read.",
                Detail = message,
            };
        }

        return new ProblemDetails
        {
            Status = bad.StatusCode,
            Title = "Bad request.",
            // Parameter binding messages name the parameter and the value that failed, nothing internal.
            Detail = bad.Message,
        };
    }

    static string Expected(string type)
    {
        var inner = type.StartsWith("Nullable<", StringComparison.Ordinal) ? type[9..^1] : type;
        return inner switch
        {
            "double" or "float" or "decimal" or "Double" or "Single" or "Decimal" => "a number",
            "int" or "long" or "short" or "Int32" or "Int64" or "Int16" => "a whole number",
            "bool" or "Boolean" => "true or false",
            "Guid" => "an id (a GUID)",
            "DateTimeOffset" or "DateTime" => "a date and time (ISO 8601, e.g. 2024-06-19T10:00:00Z)",
            "DateOnly" => "a date (e.g. 2024-06-19)",
            _ => "one of the values the API documents",
        };
    }

    /// <summary>
    /// A refused or broken connection, or a server that is shutting down, starting up, out of connections or gave up
    /// a transaction to a deadlock or a serialization conflict: nothing was committed and the request can simply be
    /// retried. A statement the server refused for what it says (a constraint, bad SQL) is not one of these.
    /// </summary>
    /// <summary>
    /// The request's database connection broke under it (a terminated backend mid-transaction): Npgsql then reports
    /// the next command as "Transaction is already completed", an InvalidOperationException with nothing inside it
    /// that says why. The connection's state does.
    /// </summary>
    static bool ConnectionBroke(HttpContext context, Exception exception)
    {
        if (exception is not InvalidOperationException) return false;
        var db = context.RequestServices.GetService<Data.FactCheckDbContext>();
        if (db is null) return false;
        try
        {
            var connection = (Npgsql.NpgsqlConnection)Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.GetDbConnection(db.Database);
            return connection.FullState.HasFlag(System.Data.ConnectionState.Broken)
                || (connection.State == System.Data.ConnectionState.Closed && exception.StackTrace?.Contains("Npgsql.", StringComparison.Ordinal) == true);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    public static bool IsDatabaseUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is Npgsql.PostgresException postgres)
            {
                if (TransientStates.Contains(postgres.SqlState) || postgres.SqlState.StartsWith("08", StringComparison.Ordinal)) return true;
            }
            else if (e is Npgsql.NpgsqlException { IsTransient: true }) return true;
        }
        return false;
    }

    static readonly HashSet<string> TransientStates = new(StringComparer.Ordinal)
    {
        Npgsql.PostgresErrorCodes.AdminShutdown, Npgsql.PostgresErrorCodes.CrashShutdown, Npgsql.PostgresErrorCodes.CannotConnectNow,
        Npgsql.PostgresErrorCodes.TooManyConnections, Npgsql.PostgresErrorCodes.InsufficientResources,
        Npgsql.PostgresErrorCodes.SerializationFailure, Npgsql.PostgresErrorCodes.DeadlockDetected,
    };

    static string JsonPathToField(string? path) =>
        string.IsNullOrEmpty(path) ? "" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

    [GeneratedRegex("""^Failed to bind parameter "(?<type>.+) (?<name>\w+)" from "(?<value>.*)"\.$""", RegexOptions.Singleline)]
    private static partial Regex BindingFailure();

    [GeneratedRegex("""^(Implicit body inferred for parameter ".*" but no body was provided|Required parameter ".*" was not provided from body)""", RegexOptions.Singleline)]
    private static partial Regex MissingBody();

    [GeneratedRegex("The JSON property '([^']*)' could not be mapped")]
    private static partial Regex UnknownProperty();
}
