using FactCheck.Api.Data;

namespace FactCheck.Api.Articles;

/// <summary>Status moves of an article that more than one endpoint makes.</summary>
public static class ArticleLifecycle
{
    /// <summary>
    /// A source was added to the article or given its page: it is fetched (<paramref name="pending"/>) and the article
    /// verified again. A verification already running missed this source: taking its lease away keeps it from marking
    /// the article verified. An article still being received moves on by itself.
    /// </summary>
    public static void SourceChanged(Article article, bool pending, DateTimeOffset now)
    {
        if (article.Status is not ArticleStatus.Received)
        {
            article.Status = pending ? ArticleStatus.FetchingSources : ArticleStatus.Verifying;
            article.VerificationLeaseOwner = null;
            article.VerificationLeaseUntil = null;
        }
        article.UpdatedAt = now;
    }
}
