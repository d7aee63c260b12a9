using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using FactCheck.Analysis.Claims;
using FactCheck.Api.Platform;
using FactCheck.Api.Security;
using FactCheck.Api.Verification;
using FactCheck.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FactCheck.Api.Search;

/// <summary>What became of one imported ClaimReview.</summary>
/// <param name="Status">created, or existing (a fact-check with this review URL was imported before; nothing changed).</param>
public sealed record ImportedFactCheck(string Url, Guid ClaimId, string Status);

/// <summary>The outcome of an import, item by item in the order sent.</summary>
public sealed record FactCheckImportResponse(int Created, int Existing, IReadOnlyList<ImportedFactCheck> Items);

// The import body as the OpenAPI document describes it (schema.org ClaimReview JSON-LD). The endpoint reads the JSON
// itself, so that each error can name the item and property at fault; these records are the contract, not the parser.

/// <summary>A schema.org ClaimReview (JSON-LD): one fact-check to import.</summary>
/// <param name="Type">"ClaimReview" when given.</param>
/// <param name="ClaimReviewed">The claim as the fact-checker stated it. Required.</param>
/// <param name="Url">The review's URL: the import's identity (a URL imported before is left as it is). Required.</param>
/// <param name="ReviewRating">The rating; <c>alternateName</c> is required.</param>
/// <param name="Author">The fact-checking organisation.</param>
/// <param name="Name">The review's headline (or <c>headline</c>).</param>
/// <param name="ItemReviewed">The claim reviewed: who made it, when, where it appeared.</param>
/// <param name="DatePublished">ISO 8601 date or date-time.</param>
/// <remarks>Other JSON-LD properties are allowed and ignored.</remarks>
public sealed record ClaimReviewInput(
    [property: System.Text.Json.Serialization.JsonPropertyName("@context")] string? Context,
    [property: System.Text.Json.Serialization.JsonPropertyName("@type")] string? Type,
    string ClaimReviewed, string Url, ReviewRatingInput ReviewRating, ThingInput? Author, string? DatePublished, string? Name, string? Headline,
    ItemReviewedInput? ItemReviewed);

/// <param name="AlternateName">The rating as the publisher words it ("False", "Mostly true"): mapped onto the newsroom's scale when it matches. Required.</param>
public sealed record ReviewRatingInput([property: System.Text.Json.Serialization.JsonPropertyName("@type")] string? Type,
    string AlternateName, double? RatingValue, double? BestRating, double? WorstRating);

/// <summary>A person or organisation.</summary>
public sealed record ThingInput([property: System.Text.Json.Serialization.JsonPropertyName("@type")] string? Type, string? Name);

/// <summary>The claim a ClaimReview reviews.</summary>
/// <param name="Appearance">Where it appeared: the first URL is kept as the article's URL.</param>
/// <param name="DatePublished">When the claim was made: ISO 8601 date or date-time.</param>
public sealed record ItemReviewedInput([property: System.Text.Json.Serialization.JsonPropertyName("@type")] string? Type,
    ThingInput? Author, string? DatePublished, IReadOnlyList<AppearanceInput>? Appearance);

/// <summary>A creative work where the claim appeared.</summary>
public sealed record AppearanceInput([property: System.Text.Json.Serialization.JsonPropertyName("@type")] string? Type, string? Url);

/// <summary>One ClaimReview item as read from JSON-LD.</summary>
sealed record ReviewItem(string ClaimReviewed, string Url, string Rating, double? RatingValue, double? BestRating, double? WorstRating,
    string? Author, DateTimeOffset? DatePublished, string? Headline, string? ClaimAuthor, DateTimeOffset? ClaimDate, string? Appearance);

public static class FactCheckImportEndpoint
{
    public const int MaxBatch = 1000;

    public static IEndpointRouteBuilder MapFactCheckImport(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/fact-checks", Import).WithTags("Claims").WithName("ImportFactChecks")
            .Accepts<IReadOnlyList<ClaimReviewInput>>("application/json", "application/ld+json")
            .ProducesValidationProblem()
            .WithRequestTimeout(SecuritySetup.LongRequests)
            .ForCheckers();
        return app;
    }

    /// <summary>Import existing fact-checks (schema.org ClaimReview JSON-LD), to match new claims against.</summary>
    /// <remarks>
    /// One ClaimReview object, or an array of up to 1,000. Each needs <c>claimReviewed</c>, <c>url</c> and
    /// <c>reviewRating.alternateName</c>; <c>author</c>, <c>datePublished</c>, <c>name</c>/<c>headline</c>,
    /// <c>reviewRating</c> values and <c>itemReviewed</c> (a Claim with author, datePublished, appearance)
    /// are kept when given; other JSON-LD properties are ignored. Each becomes a published claim carrying
    /// the publisher's rating and review URL. Idempotent by review URL: a URL imported before is reported
    /// <c>existing</c> and left as it is. A batch with any invalid item stores nothing.
    /// </remarks>
    /// <response code="200">Imported; per item, created or existing.</response>
    /// <response code="400">Not JSON, more than 1,000 items, or an item misses a required property (errors keyed by [index].property).</response>
    static async Task<Results<Ok<FactCheckImportResponse>, ValidationProblem>> Import(
        HttpContext http, FactCheckImporter importer, CancellationToken ct)
    {
        JsonElement body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<JsonElement>(http.Request.Body, cancellationToken: ct);
        }
        catch (JsonException e)
        {
            return Invalid("body", $"The body is not valid JSON (line {e.LineNumber + 1}).");
        }
        var elements = body.ValueKind switch
        {
            JsonValueKind.Array => body.EnumerateArray().ToList(),
            JsonValueKind.Object => [body],
            _ => null,
        };
        if (elements is null) return Invalid("body", "Send one ClaimReview object or an array of them.");
        if (elements.Count is 0 or > MaxBatch) return Invalid("body", $"Send 1 to {MaxBatch:N0} ClaimReview items at a time.");

        var errors = new Dictionary<string, string[]>();
        var items = new List<ReviewItem>();
        for (var i = 0; i < elements.Count; i++)
        {
            var prefix = body.ValueKind == JsonValueKind.Array ? $"[{i}]." : "";
            if (StorableText.FindUnstorable(elements[i], prefix.TrimEnd('.')) is { } unstorable)
            {
                errors[unstorable.Field] = [unstorable.Message];
                continue;
            }
            if (Read(elements[i], prefix, errors) is { } item) items.Add(item);
        }
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "The fact-checks are invalid.", detail: "Nothing was imported. See 'errors' for the items and properties at fault.");

        return TypedResults.Ok(await importer.ImportAsync(items, Caller.Of(http.User), ct));
    }

    static ReviewItem? Read(JsonElement e, string prefix, Dictionary<string, string[]> errors)
    {
        void Error(string field, string message) => errors[prefix + field] = [message];
        if (e.ValueKind != JsonValueKind.Object)
        {
            Error("", "Each item must be a ClaimReview object.");
            return null;
        }
        if (e.TryGetProperty("@type", out var type) && !(type.ValueKind == JsonValueKind.String && type.GetString() == "ClaimReview"))
            Error("@type", "'@type' must be \"ClaimReview\".");
        var claimReviewed = String(e, "claimReviewed")?.Trim();
        if (string.IsNullOrEmpty(claimReviewed)) Error("claimReviewed", "'claimReviewed' (the claim's text) is required.");
        else if (claimReviewed.Length > 2000) Error("claimReviewed", "'claimReviewed' must be at most 2,000 characters.");
        var url = String(e, "url")?.Trim();
        if (string.IsNullOrEmpty(url)) Error("url", "'url' (the review's URL) is required: imports are idempotent by it.");
        else if (url.Length > 2048 || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            Error("url", "'url' must be an absolute http(s) URL of at most 2,048 characters.");
        string? rating = null;
        double? value = null, best = null, worst = null;
        if (!e.TryGetProperty("reviewRating", out var rr) || rr.ValueKind != JsonValueKind.Object)
            Error("reviewRating", "'reviewRating' (a Rating with alternateName) is required.");
        else
        {
            rating = String(rr, "alternateName")?.Trim();
            if (string.IsNullOrEmpty(rating)) Error("reviewRating.alternateName", "'reviewRating.alternateName' (the rating as published) is required.");
            else if (rating.Length > 200) Error("reviewRating.alternateName", "'reviewRating.alternateName' must be at most 200 characters.");
            value = Number(rr, "ratingValue", prefix + "reviewRating.", errors);
            best = Number(rr, "bestRating", prefix + "reviewRating.", errors);
            worst = Number(rr, "worstRating", prefix + "reviewRating.", errors);
        }
        var author = Name(e, "author");
        var published = Date(e, "datePublished", prefix, errors);
        var headline = String(e, "headline") ?? String(e, "name");
        if (headline is { Length: > 1000 }) headline = headline[..1000];
        string? claimAuthor = null, appearance = null;
        DateTimeOffset? claimDate = null;
        if (e.TryGetProperty("itemReviewed", out var item) && item.ValueKind == JsonValueKind.Object)
        {
            claimAuthor = Name(item, "author");
            claimDate = Date(item, "datePublished", prefix + "itemReviewed.", errors);
            appearance = Appearance(item, "appearance") ?? Appearance(item, "firstAppearance");
            if (appearance is not null && (appearance.Length > 2048 || !Uri.TryCreate(appearance, UriKind.Absolute, out _))) appearance = null;
        }
        if (errors.Keys.Any(k => k.StartsWith(prefix, StringComparison.Ordinal) && prefix.Length > 0) || (prefix.Length == 0 && errors.Count > 0)) return null;
        return new ReviewItem(claimReviewed!, url!, rating!, value, best, worst, author is { Length: <= 200 } ? author : author?[..200],
            published, headline, claimAuthor, claimDate, appearance);
    }

    static string? String(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>author as a string, an object with name, or an array of those (the first).</summary>
    static string? Name(JsonElement e, string property)
    {
        if (!e.TryGetProperty(property, out var v)) return null;
        if (v.ValueKind == JsonValueKind.Array) v = v.EnumerateArray().FirstOrDefault();
        var name = v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Object => String(v, "name"),
            _ => null,
        };
        return string.IsNullOrWhiteSpace(name) ? null : name.Trim();
    }

    static string? Appearance(JsonElement e, string property)
    {
        if (!e.TryGetProperty(property, out var v)) return null;
        if (v.ValueKind == JsonValueKind.Array) v = v.EnumerateArray().FirstOrDefault();
        return v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Object => String(v, "url") ?? String(v, "@id"),
            _ => null,
        };
    }

    static double? Number(JsonElement e, string name, string prefix, Dictionary<string, string[]> errors)
    {
        if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind == JsonValueKind.Number) return v.GetDouble();
        if (v.ValueKind == JsonValueKind.String && double.TryParse(v.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)) return parsed;
        errors[prefix + name] = [$"'{name}' must be a number."];
        return null;
    }

    static DateTimeOffset? Date(JsonElement e, string name, string prefix, Dictionary<string, string[]> errors)
    {
        var text = String(e, name);
        if (text is null) return null;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date)) return date;
        errors[prefix + name] = [$"'{name}' must be an ISO 8601 date."];
        return null;
    }

    static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "The fact-checks are invalid.", detail: message);

}
