using FactCheck.Analysis.Claims;

namespace FactCheck.Analysis.Tests.Claims;

public sealed class TextSourceListTests
{
    [Fact]
    public void The_samples_bulleted_labels_are_sources_awaiting_their_url_or_content()
    {
        var sources = TextSourceList.Find("Putin and Kim signed a pact.\n\nRelated Sources:\n\n• Source 1 • Source 2 • Source 3");

        Assert.Equal(["Source 1", "Source 2", "Source 3"], sources.Select(s => s.Label));
        Assert.All(sources, s => Assert.Null(s.Url));
        Assert.All(sources, s => Assert.Null(s.Title));
    }

    [Fact]
    public void A_numbered_list_gives_urls_and_descriptions_by_number()
    {
        var sources = TextSourceList.Find("""
            Ridership fell by 9% [2], the agency said [1].

            Sources:
            1. Transit agency annual report, https://transit.example.org/report-2025.pdf
            2. https://news.example.com/ridership.
            3. Interview with the transit director, 3 May 2025
            """);

        Assert.Equal(3, sources.Count);
        Assert.Equal(new TextListedSource("Source 1", "https://transit.example.org/report-2025.pdf", "Transit agency annual report"), sources[0]);
        Assert.Equal(new TextListedSource("Source 2", "https://news.example.com/ridership", null), sources[1]);
        Assert.Equal(new TextListedSource("Source 3", null, "Interview with the transit director, 3 May 2025"), sources[2]);
    }

    [Theory]
    [InlineData("The sources said the talks went well. Officials spoke to reporters.")]
    [InlineData("Our sources: they asked not to be named, and we agreed.")]
    [InlineData("")]
    public void Text_without_a_trailing_source_list_has_none(string text)
    {
        Assert.Empty(TextSourceList.Find(text));
    }

    [Fact]
    public void Bracketed_and_dashed_items_are_read()
    {
        var sources = TextSourceList.Find("Claim [1].\nReferences\n- [1] Reuters, https://wire.example.org/a\n- [2] Statement by the ministry");

        Assert.Equal(["Source 1", "Source 2"], sources.Select(s => s.Label));
        Assert.Equal("https://wire.example.org/a", sources[0].Url);
        Assert.Equal("Statement by the ministry", sources[1].Title);
    }

    [Fact]
    public void A_numbered_list_typed_on_one_line_is_one_source_per_number()
    {
        var sources = TextSourceList.Find("The pact was signed in June [1][2].\nSources: 1. https://wire.example.org/pact 2. https://news.example.net/kim-putin");

        Assert.Equal(["Source 1", "Source 2"], sources.Select(s => s.Label));
        Assert.Equal(["https://wire.example.org/pact", "https://news.example.net/kim-putin"], sources.Select(s => s.Url));
        Assert.All(sources, s => Assert.Null(s.Title));
    }

    [Theory]
    [InlineData("Sources: https://wire.example.org/pact, https://news.example.net/kim-putin")]
    [InlineData("Sources: https://wire.example.org/pact; https://news.example.net/kim-putin")]
    [InlineData("Sources: https://wire.example.org/pact and https://news.example.net/kim-putin")]
    public void Urls_listed_inline_after_the_label_are_sources(string list)
    {
        var sources = TextSourceList.Find("The pact was signed in June.\n" + list);

        Assert.Equal(["Source 1", "Source 2"], sources.Select(s => s.Label));
        Assert.Equal(["https://wire.example.org/pact", "https://news.example.net/kim-putin"], sources.Select(s => s.Url));
    }
}

public sealed class TextSourceListWarningTests
{
    public static TheoryData<string, string> Unreadable => new()
    {
        { "The pact was signed in June.\n\nSources:\n", "nothing follows the heading" },
        { "The pact was signed in June.\n\nSources:\n" + string.Join("\n", Enumerable.Range(1, 60).Select(i => $"{i}. Report number {i}")), "60 lines, more than the 50 a source list may have" },
        { "The pact was signed in June.\n\nReferences:\n1. " + new string('x', 1_200), "an item is longer than 1,000 characters" },
    };

    [Theory]
    [MemberData(nameof(Unreadable))]
    public void A_list_that_yields_nothing_says_so(string text, string why)
    {
        var result = TextSourceList.Read(text);

        Assert.Empty(result.Sources);
        Assert.NotNull(result.Warning);
        Assert.Contains($"({why})", result.Warning, StringComparison.Ordinal);
        Assert.StartsWith("The text has a '", result.Warning, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("The pact was signed in June.\nSources: 1. https://wire.example.org/pact 2. https://news.example.net/kim-putin")]
    [InlineData("The sources said the talks went well. Officials spoke to reporters.")]
    public void A_readable_list_or_no_list_has_no_warning(string text)
    {
        Assert.Null(TextSourceList.Read(text).Warning);
    }
}
