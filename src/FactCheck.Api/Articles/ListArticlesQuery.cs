using System.Buffers.Text;
using System.Text;
using FactCheck.Data;
using FluentValidation;

namespace FactCheck.Api.Articles;

/// <summary>Filters and paging of the article list.</summary>
/// <param name="Limit">Page size, 1 to 100 (default 20).</param>
/// <param name="Cursor">The <c>nextCursor</c> of the previous page.</param>
/// <param name="Status">Only articles in this state: received, fetching_sources, verifying or verified.</param>
/// <param name="Publisher">Only articles of this publisher (exact name).</param>
/// <param name="PublishedFrom">Only articles published at or after this time.</param>
/// <param name="PublishedTo">Only articles published at or before this time.</param>
public sealed record ListArticlesQuery(
    int? Limit, string? Cursor, string? Status, string? Publisher, DateTimeOffset? PublishedFrom, DateTimeOffset? PublishedTo)
{
    public const int DefaultLimit = Platform.Paging.DefaultLimit;
    public const int MaxLimit = Platform.Paging.MaxLimit;

    // Bound as a string: minimal APIs parse enums by their C# names, the API speaks snake_case.
    public ArticleStatus? ParsedStatus => Status is null ? null : SnakeCaseEnumConverter<ArticleStatus>.ValueOf(Status);
}

public sealed class ListArticlesQueryValidator : AbstractValidator<ListArticlesQuery>
{
    public ListArticlesQueryValidator()
    {
        RuleFor(q => q.Limit).InclusiveBetween(1, ListArticlesQuery.MaxLimit);
        RuleFor(q => q.Status).Must(s => s is null || SnakeCaseEnumConverter<ArticleStatus>.TryValueOf(s, out _))
            .WithMessage("'status' must be one of: " + string.Join(", ", SnakeCaseEnumConverter<ArticleStatus>.AllNames) + ".");
        RuleFor(q => q.Cursor).Must(c => c is null || ArticleCursor.TryDecode(c, out _))
            .WithMessage("'cursor' is not a cursor this API issued: pass the nextCursor of a previous page.");
        RuleFor(q => q.PublishedTo).GreaterThanOrEqualTo(q => q.PublishedFrom)
            .When(q => q.PublishedFrom is not null && q.PublishedTo is not null)
            .WithMessage("'publishedTo' must not be before 'publishedFrom'.");
    }
}

/// <summary>Keyset position in the newest-first order: (created_at, id) of the last row served.</summary>
public readonly record struct ArticleCursor(DateTimeOffset CreatedAt, Guid Id)
{
    public static string Encode(DateTimeOffset createdAt, Guid id) =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes($"{createdAt.UtcTicks}:{id:N}"));

    public static bool TryDecode(string? value, out ArticleCursor cursor)
    {
        cursor = default;
        if (string.IsNullOrEmpty(value) || value.Length > 100) return false;
        try
        {
            var text = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(value));
            var parts = text.Split(':');
            if (parts.Length != 2 || !long.TryParse(parts[0], out var ticks) || !Guid.TryParseExact(parts[1], "N", out var id)) return false;
            if (ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks) return false;
            cursor = new ArticleCursor(new DateTimeOffset(ticks, TimeSpan.Zero), id);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
