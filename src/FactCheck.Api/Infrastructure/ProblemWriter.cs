namespace FactCheck.Api.Infrastructure;

/// <summary>
/// Writes a problem response from middleware (authentication, rate limiting, request timeouts), where no
/// endpoint result exists, through the same <see cref="IProblemDetailsService"/> as everything else.
/// </summary>
public static class ProblemWriter
{
    public static Task WriteProblemAsync(this HttpContext http, int status, string title, string detail)
    {
        http.Response.StatusCode = status;
        return http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        }).AsTask();
    }
}
