using System.ComponentModel.DataAnnotations;

namespace FactCheck.Api.Webhooks;

public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>Run the delivery worker in this process.</summary>
    public bool WorkerEnabled { get; set; } = true;

    /// <summary>How long a delivery is retried before it fails for good and its subscription is disabled.</summary>
    public TimeSpan RetryWindow { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Wait after the first failed attempt; doubled after each further one (±20% jitter), up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan BaseBackoff { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a receiver has to answer one delivery.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A worker's hold on the deliveries it took; a crashed worker's deliveries are taken again after it.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Deliveries one worker sends at once (each to a different article or subscription).</summary>
    [Range(1, 256)]
    public int BatchSize { get; set; } = 32;
}
