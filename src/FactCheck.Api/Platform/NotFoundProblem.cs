using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace FactCheck.Api.Platform;

/// <summary>
/// A 404 written as a problem (application/problem+json with a trace id) that also tells OpenAPI so,
/// which <c>NotFound&lt;ProblemDetails&gt;</c> does not: that one is written as plain JSON.
/// </summary>
public sealed class NotFoundProblem(string title, string detail) : IResult, IEndpointMetadataProvider, IStatusCodeHttpResult
{
    public int? StatusCode => StatusCodes.Status404NotFound;

    public Task ExecuteAsync(HttpContext httpContext) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: title, detail: detail).ExecuteAsync(httpContext);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status404NotFound, typeof(ProblemDetails), ["application/problem+json"]));
}
