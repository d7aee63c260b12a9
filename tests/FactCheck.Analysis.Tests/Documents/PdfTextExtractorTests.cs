using FactCheck.Analysis.Documents;
using FactCheck.Tests.Pdfs;

namespace FactCheck.Analysis.Tests.Documents;

public sealed class PdfTextExtractorTests
{
    static readonly PdfLimits Limits = new();

    [Fact]
    public async Task Pages_are_read_in_order_and_each_page_start_is_kept()
    {
        var pdf = TestPdfs.WithText("Annual report 2024",
            ["The ministry recorded 4,120 arrivals in 2024.", "", "Arrivals rose by 12 percent on the year before."],
            ["Page two says the budget was 310 million euros."]);

        var text = await PdfTextExtractor.ExtractAsync(pdf, Limits, CancellationToken.None);

        Assert.Equal("Annual report 2024", text.Title);
        Assert.Equal(2, text.PageCount);
        Assert.Equal(2, text.PageStarts.Count);
        Assert.Equal(0, text.PageStarts[0]);
        Assert.StartsWith("The ministry recorded 4,120 arrivals in 2024.", text.Text, StringComparison.Ordinal);
        Assert.Contains("Arrivals rose by 12 percent", text.Text, StringComparison.Ordinal);
        var second = text.Text.IndexOf("Page two says", StringComparison.Ordinal);
        Assert.Equal(second, text.PageStarts[1]);
        Assert.Equal(1, PdfText.PageAt(text.PageStarts, text.Text.IndexOf("Arrivals rose", StringComparison.Ordinal)));
        Assert.Equal(2, PdfText.PageAt(text.PageStarts, second + 5));
        // Pages end a paragraph: a passage never runs from one page into the next.
        Assert.Equal("\n\n", text.Text[(second - 2)..second]);
        Assert.False(text.Truncated);
    }

    [Fact]
    public void Lines_of_a_paragraph_are_joined_and_a_hyphen_at_a_line_end_joins_the_word()
    {
        Assert.Equal("The inter national figure was revised.\n\nA second paragraph.",
            PdfTextExtractor.Clean("The inter\nnational figure was\nrevised.\n\n\nA second paragraph.\n"));
        Assert.Equal("The international figure", PdfTextExtractor.Clean("The inter-\nnational figure"));
        Assert.Equal("A well-Known case", PdfTextExtractor.Clean("A well-\nKnown case"));
    }

    [Fact]
    public async Task A_pdf_without_a_text_layer_fails_with_that_reason()
    {
        var e = await Assert.ThrowsAsync<PdfExtractionException>(() => PdfTextExtractor.ExtractAsync(TestPdfs.WithoutText(), Limits, CancellationToken.None));
        Assert.Contains("no text layer", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Too_many_pages_fail_with_the_limit()
    {
        var pdf = TestPdfs.WithText(null, ["One page of text about the budget."], ["Two pages of text about the budget."], ["Three pages."]);
        var e = await Assert.ThrowsAsync<PdfExtractionException>(() => PdfTextExtractor.ExtractAsync(pdf, Limits with { MaxPages = 2 }, CancellationToken.None));
        Assert.Equal("too many pages: 3 (limit 2)", e.Message);
    }

    [Fact]
    public async Task Text_past_the_limit_is_dropped_page_by_page()
    {
        var pdf = TestPdfs.WithText(null, ["The first page holds enough words to be kept whole."], ["The second page would pass the limit and is not kept."]);
        var text = await PdfTextExtractor.ExtractAsync(pdf, Limits with { MaxTextCharacters = 80 }, CancellationToken.None);
        Assert.True(text.Truncated);
        Assert.Single(text.PageStarts);
        Assert.DoesNotContain("second page", text.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_decompression_bomb_fails_before_it_is_inflated_past_the_limit()
    {
        var bomb = TestPdfs.DecompressionBomb(megabytes: 24);
        Assert.True(bomb.Length < 100_000, $"{bomb.Length} bytes");
        var e = await Assert.ThrowsAsync<PdfExtractionException>(() =>
            PdfTextExtractor.ExtractAsync(bomb, Limits with { MaxInflatedStreamBytes = 16L * 1024 * 1024 }, CancellationToken.None));
        Assert.Equal("a compressed stream expands to more than 16 MB (a decompression bomb?)", e.Message);

        var total = await Assert.ThrowsAsync<PdfExtractionException>(() =>
            PdfTextExtractor.ExtractAsync(bomb, Limits with { MaxInflatedTotalBytes = 8L * 1024 * 1024 }, CancellationToken.None));
        Assert.Equal("its compressed streams expand to more than 8 MB in all", total.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Deep_nesting_fails_instead_of_overflowing_the_stack(bool inStream)
    {
        var e = await Assert.ThrowsAsync<PdfExtractionException>(() =>
            PdfTextExtractor.ExtractAsync(TestPdfs.DeeplyNested(200_000, inStream), Limits, CancellationToken.None));
        Assert.Equal("nested more than 100 levels deep (a malformed or hostile PDF)", e.Message);
    }

    [Fact]
    public void Nesting_inside_strings_comments_and_binary_image_data_does_not_count()
    {
        var brackets = new string('[', 500);
        var pdf = TestPdfs.Raw(
            TestPdfs.Ascii($"<< /Note ({brackets} \\) still a string) /Hex <5B5B5B> >>"),
            TestPdfs.Ascii($"% a comment {brackets}\n<< /Type /Catalog >>"),
            TestPdfs.Stream("/Type /XObject /Subtype /Image /Filter /FlateDecode", TestPdfs.Deflate(TestPdfs.Ascii(brackets))));
        PdfSafetyScan.Check(pdf, Limits);
    }

    [Fact]
    public void Compression_whose_expansion_cannot_be_bounded_is_refused()
    {
        var pdf = TestPdfs.Raw(TestPdfs.Stream("/Filter [/ASCII85Decode /LZWDecode]", TestPdfs.Ascii("J..)6T`?p&<!J9%_[umg\"B7/Z7KNXbN'S+,*Q/&\"OLT'F")));
        var e = Assert.Throws<PdfExtractionException>(() => PdfSafetyScan.Check(pdf, Limits));
        Assert.StartsWith("uses LZW or run-length compression", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_damaged_file_fails_with_a_reason_and_bytes_that_are_not_a_pdf_are_named()
    {
        var damaged = TestPdfs.Raw(TestPdfs.Ascii("<< /Type /Catalog /Pages 9 0 R >>"));
        var e = await Assert.ThrowsAsync<PdfExtractionException>(() => PdfTextExtractor.ExtractAsync(damaged, Limits, CancellationToken.None));
        Assert.False(string.IsNullOrWhiteSpace(e.Message));

        var html = await Assert.ThrowsAsync<PdfExtractionException>(() => PdfTextExtractor.ExtractAsync("<html>not a pdf</html>"u8.ToArray(), Limits, CancellationToken.None));
        Assert.Equal("not a PDF (no %PDF- header)", html.Message);
    }
}
