using FactCheck.Api.Security;
using FactCheck.Analysis.Claims;
using FactCheck.Api.Articles;
using FactCheck.Api.Platform;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace FactCheck.Api.CheckWorthiness;

/// <summary>A draft or transcript to score.</summary>
/// <param name="Text">Plain text, at most 200,000 characters.</param>
public sealed record CheckWorthinessRequest(string? Text);

/// <summary>Every sentence of the text with its check-worthiness.</summary>
/// <param name="ModelVersion">The check-worthiness model that scored it.</param>
/// <param name="Threshold">Sentences scoring at least this are claims.</param>
public sealed record CheckWorthinessResponse(string ModelVersion, double Threshold, IReadOnlyList<SentenceScore> Sentences);

/// <summary>One sentence and its score.</summary>
/// <param name="Start">Offset of the sentence in the text (UTF-16 code units).</param>
/// <param name="End">Offset just past its end.</param>
/// <param name="Score">Check-worthiness from 0 to 1.</param>
/// <param name="IsClaim">Whether it is a check-worthy claim.</param>
/// <param name="Type">statistic, quote, event, causal, comparison, prediction, opinion, question, factual or non_claim.</param>
/// <param name="Reasons">Cues that raised (+) or lowered (-) the score, or why it is not a claim.</param>
public sealed record SentenceScore(string Text, int Start, int End, double Score, bool IsClaim, ClaimType Type, IReadOnlyList<string> Reasons);

public sealed class CheckWorthinessRequestValidator : AbstractValidator<CheckWorthinessRequest>
{
    public CheckWorthinessRequestValidator()
    {
        RuleFor(r => r.Text).NotEmpty().WithMessage("'text' is required.")
            .MaximumLength(Articles.CreateArticleRequestValidator.MaxBodyLength);
    }
}

public static class CheckWorthinessEndpoints
{
    public static RouteGroupBuilder MapCheckWorthinessEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/check-worthiness").WithTags("Analysis");
        group.MapPost("/", Score).WithName("ScoreCheckWorthiness").WithValidation<CheckWorthinessRequest>()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ForSubmitters();
        return group;
    }

    /// <summary>Score every sentence of a text for check-worthiness.</summary>
    /// <remarks>
    /// Stateless: stores nothing. Like ClaimBuster's scoring API, for newsroom tools that score drafts
    /// as they are written. Offsets index into the text as sent.
    /// </remarks>
    /// <response code="200">The sentences with their scores.</response>
    /// <response code="400">The text is missing or too long.</response>
    static Ok<CheckWorthinessResponse> Score(CheckWorthinessRequest request, ClaimExtractor extractor, IOptions<ClaimExtractionSettings> settings, CancellationToken ct)
    {
        var options = settings.Value.ToOptions();
        var sentences = extractor.Score(request.Text!, options, ct)
            .Select(s => new SentenceScore(s.Text, s.Span.Start, s.Span.End, s.Score, s.IsClaim, s.Type, s.Reasons))
            .ToList();
        return TypedResults.Ok(new CheckWorthinessResponse(extractor.Model.Version, options.Threshold, sentences));
    }
}
