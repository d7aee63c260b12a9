using System.Net;
using FactCheck.Api.Articles;
using FactCheck.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FactCheck.Api.Tests.Articles;

[Collection(ApiCollection.Name)]
public sealed class IdempotencyTests(ApiFactory factory) : ApiTest(factory)
{
    [Fact]
    public async Task A_retry_with_the_same_key_and_body_returns_the_first_response_and_creates_nothing()
    {
        var first = await Client.PostArticleAsync(Requests.Article(), "key-1");
        var retry = await Client.PostArticleAsync(Requests.Article(), "key-1");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(1, await Factory.WithDbAsync(db => db.Articles.CountAsync()));
        Assert.Equal(3, await Factory.WithDbAsync(db => db.ArticleSources.CountAsync()));
    }

    [Fact]
    public async Task The_same_key_with_a_different_body_gets_a_422_problem_and_changes_nothing()
    {
        var first = await ReadAsync<ArticleResponse>(await Client.PostArticleAsync(Requests.Article(title: "First"), "key-2"));

        var reused = await Client.PostArticleAsync(Requests.Article(title: "Second"), "key-2");

        await ArticleValidationTests.AssertProblemAsync(reused, 422);
        var titles = await Factory.WithDbAsync(db => db.Articles.Select(a => a.Title).ToListAsync());
        Assert.Equal(["First"], titles);
        Assert.Equal(first.Id, await Factory.WithDbAsync(db => db.Articles.Select(a => a.Id).SingleAsync()));
    }

    [Fact]
    public async Task Different_keys_create_different_articles()
    {
        await Client.PostArticleAsync(Requests.Article(), "key-a");
        await Client.PostArticleAsync(Requests.Article(), "key-b");

        Assert.Equal(2, await Factory.WithDbAsync(db => db.Articles.CountAsync()));
    }

    [Fact]
    public async Task Concurrent_requests_with_one_key_create_one_article()
    {
        var responses = await Task.WhenAll(Enumerable.Range(0, 12)
            .Select(_ => Task.Run(() => Client.PostArticleAsync(Requests.Article(), "key-concurrent"))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var ids = await Task.WhenAll(responses.Select(async r => (await ReadAsync<ArticleResponse>(r)).Id));
        Assert.Single(ids.Distinct());
        Assert.Equal(1, await Factory.WithDbAsync(db => db.Articles.CountAsync()));
        Assert.Equal(3, await Factory.WithDbAsync(db => db.Documents.CountAsync()));
    }

    [Fact]
    public async Task After_the_article_is_deleted_the_key_creates_it_anew()
    {
        var first = await ReadAsync<ArticleResponse>(await Client.PostArticleAsync(Requests.Article(), "key-3"));
        await Client.DeleteAsync($"/api/v1/articles/{first.Id}");

        var again = await ReadAsync<ArticleResponse>(await Client.PostArticleAsync(Requests.Article(), "key-3"));

        Assert.NotEqual(first.Id, again.Id);
        Assert.Equal(1, await Factory.WithDbAsync(db => db.Articles.CountAsync()));
    }

    [Fact]
    public async Task A_key_older_than_its_lifetime_counts_as_new()
    {
        var first = await ReadAsync<ArticleResponse>(await Client.PostArticleAsync(Requests.Article(title: "First"), "key-old"));
        await Factory.WithDbAsync(db => db.IdempotencyRecords.ExecuteUpdateAsync(s => s.SetProperty(r => r.CreatedAt, r => r.CreatedAt.AddDays(-2))));

        var second = await Client.PostArticleAsync(Requests.Article(title: "Second"), "key-old");

        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.NotEqual(first.Id, (await ReadAsync<ArticleResponse>(second)).Id);
    }

    [Fact]
    public async Task A_request_that_fails_validation_does_not_burn_its_key()
    {
        var invalid = await Client.PostArticleAsync(new { title = "No body" }, "key-4");
        var valid = await Client.PostArticleAsync(Requests.Article(), "key-4");

        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(HttpStatusCode.Created, valid.StatusCode);
    }

    [Fact]
    public async Task Records_older_than_the_key_lifetime_are_purged_and_newer_ones_kept()
    {
        var first = await Client.PostArticleAsync(Requests.Article(title: "Old"), "key-old");
        await Client.PostArticleAsync(Requests.Article(title: "New"), "key-new");
        // Age one record past the 24-hour lifetime.
        await Factory.WithDbAsync(db => db.IdempotencyRecords.Where(r => r.Key == "key-old")
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.CreatedAt, DateTimeOffset.UtcNow.AddHours(-25))));

        var deleted = await Factory.Services.GetRequiredService<FactCheck.Api.Platform.IdempotencyPurger>().PurgeAsync(CancellationToken.None);

        Assert.Equal(1, deleted);
        Assert.Equal(["key-new"], await Factory.WithDbAsync(db => db.IdempotencyRecords.Select(r => r.Key).ToListAsync()));
        // The purged key is a new request again; the kept one still replays.
        Assert.NotEqual(first.Headers.Location, (await Client.PostArticleAsync(Requests.Article(title: "Old"), "key-old")).Headers.Location);
        Assert.Equal("true", (await Client.PostArticleAsync(Requests.Article(title: "New"), "key-new")).Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(3, await Factory.WithDbAsync(db => db.Articles.CountAsync()));
    }
}
