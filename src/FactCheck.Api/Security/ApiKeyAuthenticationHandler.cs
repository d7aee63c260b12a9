using System.Security.Claims;
using System.Text.Encodings.Web;
using FactCheck.Api.Platform;
using FactCheck.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FactCheck.Api.Security;

/// <summary>
/// Authenticates the <c>X-Api-Key</c> header against the bootstrap key and the <c>api_keys</c> table. No
/// cache: a revoked key stops working on the next request, on every API process.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    FactCheckDbContext db,
    IOptionsMonitor<AuthOptions> auth,
    FailedAuthThrottle throttle)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    const string FailureKey = "factcheck.auth.failure";
    const string ThrottledKey = "factcheck.auth.throttled";

    string Address => Context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(ApiKeySecrets.Header, out var values)) return AuthenticateResult.NoResult();
        if (throttle.ThrottledFor(Address) is { } wait)
        {
            Context.Items[ThrottledKey] = FailedAuthThrottle.Seconds(wait);
            return AuthenticateResult.Fail("Too many failed authentications from this address.");
        }
        var presented = values.Count == 1 ? values[0]?.Trim() : null;
        if (string.IsNullOrEmpty(presented) || presented.Length > 200) return Fail("The X-Api-Key header must hold exactly one key.");

        var settings = auth.CurrentValue;
        if (settings.BootstrapAdminKey is { Length: > 0 } bootstrap
            && ApiKeySecrets.Matches(presented, ApiKeySecrets.Hash(bootstrap)))
            return Success(AuthOptions.BootstrapKeyId, settings.BootstrapAdminName, [Roles.Admin]);

        if (ApiKeySecrets.PrefixOf(presented) is not { } prefix) return Fail("The API key is not valid.");
        var key = await db.ApiKeys.AsNoTracking()
            .Where(k => k.Prefix == prefix)
            .Select(k => new { k.Id, k.Name, k.Hash, k.Roles, k.RevokedAt })
            .SingleOrDefaultAsync(Context.RequestAborted);
        // The hash is compared even for a revoked key, so both answers take the same time.
        if (key is null || !ApiKeySecrets.Matches(presented, key.Hash)) return Fail("The API key is not valid.");
        if (key.RevokedAt is not null) return Fail("The API key has been revoked.");
        return Success(key.Id, key.Name, key.Roles);
    }

    AuthenticateResult Success(Guid id, string name, IEnumerable<string> roles)
    {
        var claims = new List<System.Security.Claims.Claim> { new(ClaimTypes.NameIdentifier, id.ToString()), new(ClaimTypes.Name, name) };
        claims.AddRange(roles.Select(r => new System.Security.Claims.Claim(ClaimTypes.Role, r)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName, ClaimTypes.Name, ClaimTypes.Role));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    AuthenticateResult Fail(string message)
    {
        throttle.RecordFailure(Address);
        Context.Items[FailureKey] = message;
        return AuthenticateResult.Fail(message);
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items[ThrottledKey] is int seconds)
        {
            Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Context.WriteProblemAsync(StatusCodes.Status429TooManyRequests, "Too many failed authentications.",
                $"This address sent too many wrong or revoked keys; it may try again in {seconds} seconds.");
        }
        Response.Headers.WWWAuthenticate = $"{SchemeName} header=\"{ApiKeySecrets.Header}\"";
        var detail = Context.Items[FailureKey] as string ?? $"Send an API key in the {ApiKeySecrets.Header} header.";
        return Context.WriteProblemAsync(StatusCodes.Status401Unauthorized, "Authentication required.", detail);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var roles = string.Join(", ", Context.User.FindAll(ClaimTypes.Role).Select(c => c.Value));
        return Context.WriteProblemAsync(StatusCodes.Status403Forbidden, "Not allowed.",
            $"The key '{Context.User.Identity?.Name}' (roles: {roles}) may not do this.");
    }
}
