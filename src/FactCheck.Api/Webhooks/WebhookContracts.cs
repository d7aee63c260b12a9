using System.Text.Json;
using FactCheck.Api.Events;
using FactCheck.Data;
using FluentValidation;

namespace FactCheck.Api.Webhooks;

/// <summary>A webhook to create.</summary>
/// <param name="Url">Where events are POSTed: an absolute http(s) URL the address policy allows (no private, loopback or link-local address).</param>
/// <param name="EventTypes">Any of article.verified, claim.verdict_changed, claim.status_changed, source.failed, factcheck.imported.</param>
/// <param name="Description">What the webhook is for (up to 500 characters).</param>
public sealed record CreateWebhookRequest(string? Url, IReadOnlyList<string>? EventTypes, string? Description);

public sealed class CreateWebhookRequestValidator : AbstractValidator<CreateWebhookRequest>
{
    public CreateWebhookRequestValidator()
    {
        RuleFor(r => r.Url).NotEmpty().WithMessage("'url' is required.").MaximumLength(2048)
            .Must(u => u is null || Articles.CreateArticleRequestValidator.BeHttpUrl(u)).WithMessage("'url' must be an absolute http or https URL.");
        RuleFor(r => r.EventTypes).NotEmpty().WithMessage($"'eventTypes' needs at least one of {string.Join(", ", EventTypes.All)}.");
        RuleForEach(r => r.EventTypes).Must(t => EventTypes.All.Contains(t))
            .WithMessage((_, t) => $"Unknown event type '{t}'. Types: {string.Join(", ", EventTypes.All)}.");
        RuleFor(r => r.Description).MaximumLength(500);
    }
}

/// <summary>A webhook subscription, without its secret.</summary>
/// <param name="Enabled">False once deliveries stopped: see <c>disabledReason</c>; enable it again with POST …/enable.</param>
/// <param name="Pending">Deliveries waiting to be sent or retried.</param>
/// <param name="Failed">Deliveries that failed for good.</param>
public record WebhookResponse(Guid Id, string Url, IReadOnlyList<string> EventTypes, string? Description, bool Enabled, string? DisabledReason,
    DateTimeOffset? DisabledAt, string CreatedBy, DateTimeOffset CreatedAt, int Pending, int Failed);

/// <summary>A new webhook, with its signing secret: shown this once.</summary>
/// <param name="Secret">The Standard Webhooks secret (<c>whsec_…</c>) that signs every delivery: check <c>webhook-signature</c> with it.</param>
public sealed record CreatedWebhookResponse(Guid Id, string Url, IReadOnlyList<string> EventTypes, string? Description, bool Enabled,
    string CreatedBy, DateTimeOffset CreatedAt, string Secret);

/// <summary>One event for one webhook.</summary>
/// <param name="EventId">The event's id: the <c>webhook-id</c> header, the same on every attempt.</param>
/// <param name="Status">pending, delivered or failed.</param>
/// <param name="LastStatusCode">The receiver's last HTTP status, if it answered.</param>
public sealed record DeliveryResponse(Guid Id, Guid EventId, string EventType, long? Sequence, DeliveryStatus Status, int Attempts,
    DateTimeOffset NextAttemptAt, int? LastStatusCode, string? LastError, DateTimeOffset CreatedAt, DateTimeOffset? LastAttemptAt, DateTimeOffset? DeliveredAt);
