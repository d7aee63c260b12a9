using FactCheck.Api.Platform;
using FactCheck.Data;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace FactCheck.Api.Security;

/// <summary>A key to create.</summary>
/// <param name="Name">Who will hold it (a person, a newsroom tool): recorded as submitter, reviewer and audit actor. 1–100 characters.</param>
/// <param name="Roles">Any of reader, submitter, checker, admin. Every key may read.</param>
public sealed record CreateKeyRequest(string? Name, IReadOnlyList<string>? Roles);

public sealed class CreateKeyRequestValidator : AbstractValidator<CreateKeyRequest>
{
    public CreateKeyRequestValidator()
    {
        RuleFor(r => r.Name).NotEmpty().WithMessage("'name' is required.").MaximumLength(100)
            .Must(n => n is null || !n.Any(char.IsControl)).WithMessage("'name' must be printable.");
        RuleFor(r => r.Roles).NotEmpty().WithMessage($"'roles' needs at least one of {string.Join(", ", Security.Roles.All)}.");
        RuleForEach(r => r.Roles).Must(r => Security.Roles.All.Contains(r)).WithMessage((_, r) => $"Unknown role '{r}'. Roles: {string.Join(", ", Security.Roles.All)}.");
    }
}

/// <summary>An API key as listed: never its secret.</summary>
/// <param name="Prefix">The key's public start (<c>fc_1a2b3c4d</c>), to tell keys apart.</param>
public record KeyResponse(Guid Id, string Name, string Prefix, IReadOnlyList<string> Roles, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt, string? RevokedBy)
{
    public static KeyResponse From(ApiKey k) => new(k.Id, k.Name, k.Prefix, k.Roles, k.CreatedBy, k.CreatedAt, k.RevokedAt, k.RevokedBy);
}

/// <summary>A new key, with its secret: shown this once, stored only as a hash.</summary>
/// <param name="Key">Send it in the X-Api-Key header. It cannot be shown again.</param>
public sealed record CreatedKeyResponse(Guid Id, string Name, string Prefix, IReadOnlyList<string> Roles, string CreatedBy, DateTimeOffset CreatedAt, string Key);

public static class KeyEndpoints
{
    public static RouteGroupBuilder MapKeyEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/keys").WithTags("Administration");
        group.MapPost("/", CreateKey).WithName("CreateKey").WithValidation<CreateKeyRequest>().ForAdmins();
        group.MapGet("/", ListKeys).WithName("ListKeys").ForAdmins(RateBudgets.Reads);
        group.MapDelete("/{id:guid}", RevokeKey).WithName("RevokeKey").ForAdmins();
        return group;
    }

    /// <summary>Create an API key (admin).</summary>
    /// <remarks>The response holds the key itself, once: only its SHA-256 hash is stored.</remarks>
    /// <response code="201">Created; the secret is in <c>key</c>.</response>
    /// <response code="400">Missing name or unknown role.</response>
    static async Task<Created<CreatedKeyResponse>> CreateKey(CreateKeyRequest request, FactCheckDbContext db, TimeProvider time, HttpContext http, CancellationToken ct)
    {
        var caller = Caller.Of(http.User);
        var now = Timestamps.Now(time);
        var (key, secret) = KeyAdministration.New(request.Name!.Trim(), [.. request.Roles!.Distinct()], caller.Name, now);
        db.ApiKeys.Add(key);
        Audit.Record(db, caller, now, "api_key.created", "api_key", key.Id, new { key.Name, key.Prefix, key.Roles });
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/keys/{key.Id}",
            new CreatedKeyResponse(key.Id, key.Name, key.Prefix, key.Roles, key.CreatedBy, key.CreatedAt, secret));
    }

    /// <summary>List API keys (admin), newest first, without their secrets.</summary>
    /// <response code="200">The keys, revoked ones included.</response>
    static async Task<Ok<List<KeyResponse>>> ListKeys(FactCheckDbContext db, CancellationToken ct)
    {
        var keys = await db.ApiKeys.AsNoTracking().OrderByDescending(k => k.CreatedAt).ToListAsync(ct);
        return TypedResults.Ok(keys.ConvertAll(KeyResponse.From));
    }

    /// <summary>Revoke an API key (admin): it stops working on the next request.</summary>
    /// <remarks>Revoking a revoked key changes nothing and still answers 204.</remarks>
    /// <response code="204">Revoked.</response>
    /// <response code="404">No key has this id.</response>
    static async Task<Results<NoContent, NotFoundProblem>> RevokeKey(Guid id, FactCheckDbContext db, TimeProvider time, HttpContext http, CancellationToken ct)
    {
        var caller = Caller.Of(http.User);
        var now = Timestamps.Now(time);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var revoked = await db.ApiKeys.Where(k => k.Id == id && k.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, now).SetProperty(k => k.RevokedBy, caller.Name), ct);
        if (revoked == 0)
            return await db.ApiKeys.AnyAsync(k => k.Id == id, ct)
                ? TypedResults.NoContent()
                : new NotFoundProblem("API key not found.", $"No API key has the id {id}.");
        Audit.Record(db, caller, now, "api_key.revoked", "api_key", id);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.NoContent();
    }
}
