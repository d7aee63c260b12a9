using System.Net;
using FactCheck.Api.Articles;
using FactCheck.Api.Platform;
using FactCheck.Api.Tests.Infrastructure;
using FactCheck.Data;
using Microsoft.EntityFrameworkCore;

namespace FactCheck.Api.Tests.Articles;

[Collection(ApiCollection.Name)]
public sealed class ListArticlesTests(ApiFactory factory) : ApiTest(factory)
{
    async Task<List<Guid>> CreateAsync(int count, string? publisher = null, DateTimeOffset? publishedAt = null)
    {
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            var response = await Client.PostArticleAsync(Requests.Article(title: $"Article {i}", body: $"Article number {i} says the pact was signed.",
                sources: [], publisher: publisher, publishedAt: publishedAt));
            ids.Add((await ReadAsync<ArticleResponse>(response)).Id);
        }
        return ids;
    }

    async Task<List<ArticleSummary>> ReadAllPagesAsync(string query, int limit)
    {
        var all = new List<ArticleSummary>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var url = $"/api/v1/articles?limit={limit}{query}" + (cursor is null ? "" : $"&cursor={cursor}");
            var page = await ReadAsync<Page<ArticleSummary>>(await Client.GetAsync(url));
            Assert.True(page.Items.Count <= limit);
            all.AddRange(page.Items);
            cursor = page.NextCursor;
            Assert.True(++pages < 100, "paging does not end");
        } while (cursor is not null);
        return all;
    }

    [Fact]
    public async Task Pages_cover_every_article_once_newest_first()
    {
        var created = await CreateAsync(23);

        var listed = await ReadAllPagesAsync("", limit: 5);

        Assert.Equal(Enumerable.Reverse(created), listed.Select(a => a.Id));
    }

    [Fact]
    public async Task Articles_created_at_the_same_instant_are_neither_skipped_nor_repeated()
    {
        await CreateAsync(9);
        var instant = DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        await Factory.WithDbAsync(db => db.Articles.ExecuteUpdateAsync(s => s.SetProperty(a => a.CreatedAt, instant)));

        var listed = await ReadAllPagesAsync("", limit: 2);

        Assert.Equal(9, listed.Select(a => a.Id).Distinct().Count());
    }

    [Fact]
    public async Task Rows_added_while_paging_do_not_shift_later_pages()
    {
        var created = await CreateAsync(6);
        var first = await ReadAsync<Page<ArticleSummary>>(await Client.GetAsync("/api/v1/articles?limit=3"));
        await CreateAsync(2);

        var second = await ReadAsync<Page<ArticleSummary>>(await Client.GetAsync($"/api/v1/articles?limit=3&cursor={first.NextCursor}"));

        Assert.Equal(Enumerable.Reverse(created).Skip(3), second.Items.Select(a => a.Id));
    }

    [Fact]
    public async Task Summaries_count_sources_and_claims()
    {
        var article = await ReadAsync<ArticleResponse>(await Client.PostArticleAsync(Requests.Article()));

        var page = await ReadAsync<Page<ArticleSummary>>(await Client.GetAsync("/api/v1/articles"));

        var summary = Assert.Single(page.Items);
        Assert.Equal(3, summary.SourceCount);
        Assert.Equal(article.Claims.Count, summary.ClaimCount);
        Assert.Null(page.NextCursor);
    }

    [Fact]
    public async Task Filters_narrow_by_publisher_status_and_publication_date()
    {
        var june = DateTimeOffset.Parse("2024-06-19T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var july = june.AddMonths(1);
        var reuters = await CreateAsync(2, "Wire", june);
        var other = await CreateAsync(3, "Daily", july);
        await Factory.WithDbAsync(db => db.Articles.Where(a => a.Id == other[0])
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, ArticleStatus.Verified)));

        Assert.Equal(reuters.ToHashSet(), (await ReadAllPagesAsync("&publisher=Wire", 10)).Select(a => a.Id).ToHashSet());
        Assert.Equal([other[0]], (await ReadAllPagesAsync("&status=verified", 10)).Select(a => a.Id));
        Assert.Equal(reuters.ToHashSet(), (await ReadAllPagesAsync("&publishedTo=2024-06-30T00:00:00Z", 10)).Select(a => a.Id).ToHashSet());
        Assert.Equal(other.ToHashSet(), (await ReadAllPagesAsync("&publishedFrom=2024-07-01T00:00:00Z&publishedTo=2024-07-31T00:00:00Z", 10)).Select(a => a.Id).ToHashSet());
        // Without sources there is nothing to fetch: these went straight to verification.
        Assert.Equal(2, (await ReadAllPagesAsync("&publisher=Daily&status=verifying", 10)).Count);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    [InlineData("publishedFrom=2024-07-01T00:00:00Z&publishedTo=2024-06-01T00:00:00Z", "publishedTo")]
    [InlineData("status=nonsense", "status")]
    [InlineData("status=Verified", "status")]
    public async Task Invalid_paging_or_filters_get_a_400_problem(string query, string field)
    {
        var response = await Client.GetAsync($"/api/v1/articles?{query}");

        var problem = await ArticleValidationTests.AssertProblemAsync(response, 400);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
    }

    [Theory]
    [InlineData("limit=ten")]
    [InlineData("publishedFrom=someday")]
    public async Task Unparseable_query_values_get_a_400_problem(string query)
    {
        var response = await Client.GetAsync($"/api/v1/articles?{query}");

        await ArticleValidationTests.AssertProblemAsync(response, 400);
    }
}
