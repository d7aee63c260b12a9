using FluentValidation;

namespace FactCheck.Api.Articles;

/// <summary>An article to analyse, with the sources it cites.</summary>
/// <param name="Title">Headline of the article.</param>
/// <param name="Body">Plain text of the article (at most 200,000 characters). Claim offsets index into it. Send this or <c>html</c>.</param>
/// <param name="Url">Where the article is published, if anywhere.</param>
/// <param name="Publisher">Name of the publication.</param>
/// <param name="PublishedAt">When it was published (ISO 8601); not in the future.</param>
/// <param name="Language">BCP 47 language tag, for example "en".</param>
/// <param name="Sources">The sources the article cites, in order: "Source 1", "Source 2", … by default.</param>
/// <param name="Html">
/// The article as an HTML page, instead of <c>body</c>. Its main text becomes the body; a link inside the
/// text cites its sentence (and becomes a source if not listed); a trailing "Sources" or "Related Sources"
/// list of links becomes the sources, labelled by their anchor texts.
/// </param>
public sealed record CreateArticleRequest(
    string? Title,
    string? Body,
    string? Url = null,
    string? Publisher = null,
    DateTimeOffset? PublishedAt = null,
    string? Language = null,
    IReadOnlyList<SourceRequest>? Sources = null,
    string? Html = null);

/// <summary>A cited source: a URL to fetch, pasted text, or both.</summary>
/// <param name="Label">How the article refers to it; defaults to "Source N" by position.</param>
/// <param name="Url">Absolute http(s) URL of the page.</param>
/// <param name="Title">Title of the page, if known.</param>
/// <param name="Content">The source's text pasted in, for sources without a fetchable page.</param>
public sealed record SourceRequest(string? Label = null, string? Url = null, string? Title = null, string? Content = null);

public sealed class CreateArticleRequestValidator : AbstractValidator<CreateArticleRequest>
{
    public const int MaxBodyLength = Sources.SourceRules.MaxContentLength;
    public const int MaxSources = 50;
    public const int MaxUrlLength = Sources.SourceRules.MaxUrlLength;
    static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    public CreateArticleRequestValidator(TimeProvider time)
    {
        RuleFor(r => r.Title).MaximumLength(500);
        RuleFor(r => r.Body).NotEmpty().WithMessage("'body' (or 'html') is required.")
            .When(r => r.Html is null);
        RuleFor(r => r.Body).MaximumLength(MaxBodyLength);
        RuleFor(r => r.Html).NotEmpty().WithMessage("'html' must not be empty.").When(r => r.Html is not null);
        RuleFor(r => r.Html).Null().WithMessage("Send either 'body' or 'html', not both.").When(r => r.Body is not null);
        RuleFor(r => r.Url!).MaximumLength(MaxUrlLength).Must(BeHttpUrl).WithMessage("'url' must be an absolute http or https URL.")
            .When(r => r.Url is not null);
        RuleFor(r => r.Publisher).MaximumLength(200);
        RuleFor(r => r.Language!).Matches("^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$").WithMessage("'language' must be a language tag such as 'en' or 'en-GB'.")
            .When(r => r.Language is not null);
        RuleFor(r => r.PublishedAt).Must(p => p is null || p <= time.GetUtcNow() + ClockSkew)
            .WithMessage("'publishedAt' must not be in the future.");
        RuleFor(r => r.Sources).Must(s => s is null || s.Count <= MaxSources)
            .WithMessage($"An article may cite at most {MaxSources} sources.");
        RuleFor(r => r.Sources).Must(HaveUniqueLabels).WithMessage("Source labels must be unique within an article.")
            .When(r => r.Sources is { Count: <= MaxSources });
        RuleForEach(r => r.Sources).NotNull().SetValidator(new SourceRequestValidator())
            .When(r => r.Sources is { Count: <= MaxSources });
    }

    internal static bool BeHttpUrl(string url) => Sources.SourceRules.BeHttpUrl(url);

    static bool HaveUniqueLabels(IReadOnlyList<SourceRequest>? sources)
    {
        if (sources is null) return true;
        var labels = SourceLabels.Assign(sources);
        return labels.Distinct(StringComparer.OrdinalIgnoreCase).Count() == labels.Count;
    }
}

public sealed class SourceRequestValidator : AbstractValidator<SourceRequest>
{
    public SourceRequestValidator()
    {
        RuleFor(s => s.Label!).NotEmpty().MaximumLength(100).When(s => s.Label is not null);
        RuleFor(s => s.Url!).MaximumLength(CreateArticleRequestValidator.MaxUrlLength)
            .Must(CreateArticleRequestValidator.BeHttpUrl).WithMessage("'url' must be an absolute http or https URL.")
            .When(s => s.Url is not null);
        RuleFor(s => s.Title).MaximumLength(500);
        RuleFor(s => s.Content).MaximumLength(CreateArticleRequestValidator.MaxBodyLength);
        RuleFor(s => s).Must(s => !string.IsNullOrWhiteSpace(s.Url) || !string.IsNullOrWhiteSpace(s.Content))
            .WithName("url").WithMessage("A source needs a 'url', pasted 'content', or both.");
    }
}

public static class SourceLabels
{
    /// <summary>The label each source goes by: its own, else "Source N" by its position.</summary>
    public static List<string> Assign(IReadOnlyList<SourceRequest?> sources) =>
        sources.Select((s, i) => string.IsNullOrWhiteSpace(s?.Label) ? $"Source {i + 1}" : s.Label.Trim()).ToList();
}
