using System.ComponentModel.DataAnnotations;

namespace FactCheck.Api.Verification;

/// <summary>One rating of the editorial scale and how it maps onto ClaimReview's numeric rating.</summary>
public sealed class Rating
{
    [Required, RegularExpression("^[a-z][a-z0-9_]{0,63}$")]
    public string Name { get; set; } = "";

    /// <summary>Shown to readers as ClaimReview's alternateName.</summary>
    [Required]
    public string Label { get; set; } = "";

    /// <summary>ClaimReview ratingValue; null for ratings off the true–false axis ("unverifiable").</summary>
    public int? Value { get; set; }
}

/// <summary>The editorial rating scale (configurable per newsroom).</summary>
public sealed class RatingScaleOptions
{
    public const string Section = "Verdicts";

    public int BestRating { get; set; } = 5;
    public int WorstRating { get; set; } = 1;

    public List<Rating> Ratings { get; set; } = [];

    public static readonly Rating[] Defaults =
    [
        new() { Name = "true", Label = "True", Value = 5 },
        new() { Name = "mostly_true", Label = "Mostly true", Value = 4 },
        new() { Name = "half_true", Label = "Half true", Value = 3 },
        new() { Name = "mostly_false", Label = "Mostly false", Value = 2 },
        new() { Name = "false", Label = "False", Value = 1 },
        new() { Name = "misleading", Label = "Misleading", Value = 2 },
        new() { Name = "unverifiable", Label = "Unverifiable", Value = null },
    ];

    /// <summary>The configured ratings, or the default scale when none is configured.</summary>
    public IReadOnlyList<Rating> Effective => Ratings.Count > 0 ? Ratings : Defaults;

    public Rating? Find(string? name) => Effective.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.Ordinal));
}
