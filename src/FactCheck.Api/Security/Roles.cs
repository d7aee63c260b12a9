using System.Security.Claims;

namespace FactCheck.Api.Security;

/// <summary>
/// What a key may do. Roles add up; every key may read, and <c>admin</c> may do everything.
/// </summary>
public static class Roles
{
    /// <summary>GET endpoints.</summary>
    public const string Reader = "reader";
    /// <summary>Submit and delete articles, single-claim checks, check-worthiness scoring.</summary>
    public const string Submitter = "submitter";
    /// <summary>Editorial verdicts and workflow, citations, refetches.</summary>
    public const string Checker = "checker";
    /// <summary>API keys and the audit trail.</summary>
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Reader, Submitter, Checker, Admin];
}

/// <summary>Authorization policies, one per kind of access.</summary>
public static class Policies
{
    public const string Read = "read";
    public const string Submit = "submit";
    public const string Check = "check";
    public const string Administer = "administer";
}

/// <summary>The caller behind a request, as the API key authenticated it.</summary>
/// <param name="KeyId">The key's id (a fixed id for the bootstrap key).</param>
/// <param name="Name">The key's name: recorded as submitter, reviewer and audit actor.</param>
public sealed record Caller(Guid KeyId, string Name)
{
    public static Caller Of(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true
        && Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id)
        && user.Identity.Name is { } name
            ? new Caller(id, name)
            : throw new InvalidOperationException("The endpoint requires an authenticated caller.");
}
