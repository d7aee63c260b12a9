using System.ComponentModel.DataAnnotations;

namespace FactCheck.Api.Security;

/// <summary>Authentication settings (section <c>Auth</c>).</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>
    /// A key with the admin role that needs no database row: the way to create the first keys.
    /// Environment: <c>Auth__BootstrapAdminKey</c>. At least 32 characters; unset disables it.
    /// </summary>
    [MinLength(32)]
    public string? BootstrapAdminKey { get; set; }

    /// <summary>The name recorded for actions taken with the bootstrap key.</summary>
    [Required, MaxLength(100)]
    public string BootstrapAdminName { get; set; } = "bootstrap-admin";

    /// <summary>
    /// Failed authentications (wrong, malformed or revoked keys) one client address may make in a minute, per API
    /// process; past it every request from that address gets 429 with Retry-After until the budget refills, so keys
    /// cannot be guessed at speed. Environment: <c>Auth__FailuresPerMinute</c>. 0 turns the throttle off.
    /// </summary>
    [Range(0, 100_000)]
    public int FailuresPerMinute { get; set; } = 30;

    /// <summary>The id recorded for the bootstrap key (it has no row).</summary>
    public static readonly Guid BootstrapKeyId = new("00000000-0000-0000-0000-00000000b007");
}
