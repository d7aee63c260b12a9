namespace FactCheck.Api.Platform;

/// <summary>One page of a list; pass <c>nextCursor</c> as <c>cursor</c> for the next page (null on the last).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>The page sizes every list endpoint takes (<c>limit</c>).</summary>
public static class Paging
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;
}
