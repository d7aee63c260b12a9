using System.ComponentModel.DataAnnotations;

namespace FactCheck.Api.Security;

/// <summary>One budget: up to <see cref="PermitLimit"/> requests a <see cref="Window"/>, refilled evenly.</summary>
public sealed class RateBudget
{
    [Range(1, 1_000_000)]
    public int PermitLimit { get; set; }

    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>Per-key request budgets (section <c>RateLimits</c>), each a token bucket per API key.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>GET requests.</summary>
    public RateBudget Reads { get; set; } = new() { PermitLimit = 1200 };
    /// <summary>Submissions, verdicts, citations, key changes.</summary>
    public RateBudget Writes { get; set; } = new() { PermitLimit = 300 };
    /// <summary>Refetches of a source (each one costs a fetch).</summary>
    public RateBudget Refetches { get; set; } = new() { PermitLimit = 60 };
}

/// <summary>Names of the rate-limit policies.</summary>
public static class RateBudgets
{
    public const string Reads = "reads";
    public const string Writes = "writes";
    public const string Refetches = "refetches";
}
