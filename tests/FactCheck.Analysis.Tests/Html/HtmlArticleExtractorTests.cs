using FactCheck.Analysis.Html;
using FactCheck.Analysis.Text;

namespace FactCheck.Analysis.Tests.Html;

public sealed class HtmlArticleExtractorTests
{
    static readonly string Html = Fixtures.Read("putin-kim-defence-pact.html");

    static HtmlArticle Sample => HtmlArticleExtractor.Extract(Html, "https://news.example.com/world/putin-kim-pact");

    [Fact]
    public void The_main_text_is_kept_and_the_page_chrome_is_dropped()
    {
        var article = Sample;

        Assert.Equal("Putin and Kim Sign Mutual Defence Pact, Raising Concerns in the West", article.Title);
        Assert.Contains("obligating the two countries to come to each other's aid in the event of an attack.", article.Text, StringComparison.Ordinal);
        Assert.Contains("further advancing the narrative of a new multipolar world.", article.Text, StringComparison.Ordinal);
        foreach (var chrome in new[] { "Most read", "Privacy", "Politics", "window.analytics", "font-family", "Related Sources", "Source 2" })
            Assert.DoesNotContain(chrome, article.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Paragraphs_stay_apart_so_sentences_do_not_run_together()
    {
        var text = Sample.Text;
        var sentences = SentenceSegmenter.Split(text).Select(s => s.Slice(text)).ToList();

        Assert.Contains(sentences, s => s.StartsWith("Putin's visit has drawn attention", StringComparison.Ordinal));
        Assert.Contains("\n\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_trailing_related_sources_list_becomes_the_sources_with_anchor_texts_as_labels()
    {
        Assert.Equal(
            [
                new ListedSource("Source 1", "https://wire.example.org/2024/06/19/russia-north-korea-sign-pact?utm_source=newsletter"),
                new ListedSource("Source 2", "https://www.example.net/asia/kim-putin-treaty-mutual-defence"),
                new ListedSource("Source 3", "https://press.example.gov/blinken-remarks-putin-visit-pyongyang"),
            ],
            Sample.Sources);
    }

    [Fact]
    public void Inline_links_keep_their_exact_span_in_the_text_and_relative_links_resolve()
    {
        var article = Sample;

        var blinken = Assert.Single(article.Links, l => l.Url == "https://press.example.gov/blinken-remarks-putin-visit-pyongyang");
        Assert.Equal("criticized Putin's visit", blinken.AnchorText);
        Assert.Equal(blinken.AnchorText, blinken.Span.Slice(article.Text));
        var aurus = Assert.Single(article.Links, l => l.AnchorText == "Aurus limo");
        Assert.Equal("https://news.example.com/world/asia/aurus-limousine-gift", aurus.Url);
        Assert.DoesNotContain(article.Links, l => l.Url.EndsWith("/privacy", StringComparison.Ordinal));
    }

    [Fact]
    public void A_fragment_without_readable_content_falls_back_to_the_body()
    {
        var article = HtmlArticleExtractor.Extract("<p>Putin signed the pact in <a href=\"https://a.example/x\">Pyongyang</a>.</p>");

        Assert.Equal("Putin signed the pact in Pyongyang.", article.Text);
        Assert.Equal("Pyongyang", Assert.Single(article.Links).Span.Slice(article.Text));
    }

    [Fact]
    public void Unsafe_and_fragment_links_are_ignored()
    {
        var article = HtmlArticleExtractor.Extract("<p>See <a href=\"javascript:alert(1)\">this</a> and <a href=\"#top\">that</a> and <a href=\"mailto:x@example.org\">me</a>.</p>");

        Assert.Empty(article.Links);
    }
}
