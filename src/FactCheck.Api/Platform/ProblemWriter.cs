using Microsoft.AspNetCore.Mvc;

namespace FactCheck.Api.Platform;

/// <summary>
/// Writes a problem response from middleware (authentication, rate limiting, request timeouts), where no
/// endpoint result exists, through the same <see cref="IProblemDetailsService"/> as everything else.
/// </summary>
public static class ProblemWriter
{
    public static Task WriteProblemAsync(this HttpContext http, int status, string title, string detail)
    {
        http.Response.StatusCode = status;
        return http.WriteProblemAsync(new ProblemDetails { Status = status, Title = title, Detail = detail }).AsTask();
    }

    /// <summary>
    /// Writes the problem whatever the request's Accept header says: a browser asking only for text/html still gets
    /// the problem document (as application/problem+json) rather than a failed write and a 500.
    /// </summary>
    public static async ValueTask<bool> WriteProblemAsync(this HttpContext http, ProblemDetails problem, Exception? exception = null)
    {
        var service = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        var context = new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception };
        if (await service.TryWriteAsync(context)) return true;
        http.Request.Headers.Accept = "application/problem+json";
        return await service.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }
}
