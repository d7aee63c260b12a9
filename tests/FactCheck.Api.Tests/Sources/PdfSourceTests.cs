using System.Net;
using System.Text.Json;
using FactCheck.Api.Articles;
using FactCheck.Api.Tests.Infrastructure;
using FactCheck.Data;
using FactCheck.Tests.Pdfs;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace FactCheck.Api.Tests.Sources;

/// <summary>Reports, filings and statistics releases cited as PDFs, served from the local test server (issue 29).</summary>
[Collection(FetchCollection.Name)]
public sealed class PdfSourceTests(FetchApiFactory factory) : ApiTest(factory)
{
    static string NewHost() => $"p{Guid.NewGuid():N}"[..12] + ".test";

    void Serve(string path, byte[] body, string contentType = "application/pdf") =>
        factory.Pages.Given(Request.Create().WithPath(path).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", contentType).WithBody(body));

    static readonly byte[] Report = TestPdfs.WithText("Port authority annual report 2024",
        ["Port authority annual report 2024", "", "The port handled more ships than in any year before."],
        ["Cargo volumes", "", "The port handled 41.2 million tonnes of cargo in 2024, up 6 percent on 2023."]);


    [Fact]
    public async Task A_cited_pdf_is_read_page_by_page_and_its_evidence_names_the_page()
    {
        var host = NewHost();
        Serve("/annual-report.pdf", Report);

        var response = await Client.PostArticleAsync(Requests.Article(
            body: "The port handled 41.2 million tonnes of cargo in 2024, the authority's annual report shows [1].",
            sources: [new { url = factory.UrlOn(host, "/annual-report.pdf") }]));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await ReadAsync<ArticleResponse>(response);
        var document = await factory.WaitForDocumentAsync($"http://{host}", d => d.Status is FetchStatus.Fetched or FetchStatus.Failed);

        Assert.Equal(FetchStatus.Fetched, document.Status);
        Assert.Equal("application/pdf", document.ContentType);
        Assert.Equal("Port authority annual report 2024", document.Title);
        Assert.NotNull(document.PageStarts);
        Assert.Equal(2, document.PageStarts!.Count);
        var cargo = document.Text!.IndexOf("The port handled 41.2 million tonnes", StringComparison.Ordinal);
        Assert.True(cargo >= document.PageStarts[1], $"page 2 starts at {document.PageStarts[1]}, the sentence at {cargo}");

        var article = await WaitVerifiedAsync(created.Id);
        var claim = await ReadJsonAsync(await Client.GetAsync($"/api/v1/claims/{article.Claims[0].Id}"));
        var evidence = claim.GetProperty("evidence").EnumerateArray().ToList();
        var onCargo = Assert.Single(evidence, e => e.GetProperty("quote").GetString()!.Contains("41.2 million tonnes", StringComparison.Ordinal));
        Assert.Equal(2, onCargo.GetProperty("page").GetInt32());

        var markdown = await (await Client.GetAsync($"/api/v1/articles/{created.Id}/report")).Content.ReadAsStringAsync();
        Assert.Contains(", p. 2: \"The port handled 41.2 million tonnes", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pdf_sent_as_octet_stream_is_recognised_by_its_header()
    {
        var host = NewHost();
        Serve("/download", Report, "application/octet-stream");
        Serve("/blob", "GIF89a not a document"u8.ToArray(), "application/octet-stream");

        await Client.PostArticleAsync(Requests.Article(body: "The port handled 41.2 million tonnes of cargo in 2024.",
            sources: [new { url = factory.UrlOn(host, "/download") }, new { url = factory.UrlOn(host, "/blob") }]));
        var pdf = await factory.WaitForDocumentAsync($"http://{host}:{factory.Pages.Port}/download", d => d.Status is FetchStatus.Fetched or FetchStatus.Failed);
        var blob = await factory.WaitForDocumentAsync($"http://{host}:{factory.Pages.Port}/blob", d => d.Status is FetchStatus.Fetched or FetchStatus.Failed);

        Assert.Equal(FetchStatus.Fetched, pdf.Status);
        Assert.Equal("application/pdf", pdf.ContentType);
        Assert.Equal(FetchStatus.Failed, blob.Status);
        Assert.Equal("unsupported content type application/octet-stream", blob.LastError);
    }

    public static TheoryData<string, string> Hostile => new()
    {
        { "scan", "the PDF has no text layer (a scanned document?): run it through OCR and paste the text as the source" },
        { "bomb", "a compressed stream expands to more than 64 MB (a decompression bomb?)" },
        { "nested", "nested more than 100 levels deep (a malformed or hostile PDF)" },
        { "large", "too large: more than 1,048,576 bytes" },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task A_pdf_that_cannot_or_may_not_be_read_fails_at_once_with_its_reason_and_the_service_carries_on(string kind, string reason)
    {
        factory.Pages.Reset();
        var host = NewHost();
        var body = kind switch
        {
            "scan" => TestPdfs.WithoutText(),
            "bomb" => TestPdfs.DecompressionBomb(megabytes: 80),
            "nested" => TestPdfs.DeeplyNested(400_000, inStream: false),
            _ => TestPdfs.Raw(TestPdfs.Stream("", new byte[1_200_000])),
        };
        Serve("/doc.pdf", body);

        await Client.PostArticleAsync(Requests.Article(body: "The port handled 41.2 million tonnes of cargo in 2024.",
            sources: [new { url = factory.UrlOn(host, "/doc.pdf") }]));
        var document = await factory.WaitForDocumentAsync($"http://{host}", d => d.Status is FetchStatus.Fetched or FetchStatus.Failed);

        Assert.Equal(FetchStatus.Failed, document.Status);
        Assert.StartsWith(reason, document.LastError, StringComparison.Ordinal);
        Assert.Equal(1, document.Attempts);
        Assert.Null(document.Text);
        // The process is whole: it still answers, and still reads a good PDF.
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/health/ready")).StatusCode);
        var good = NewHost();
        Serve("/good.pdf", Report);
        await Client.PostArticleAsync(Requests.Article(body: "The port handled 41.2 million tonnes of cargo in 2024.",
            sources: [new { url = factory.UrlOn(good, "/good.pdf") }]));
        Assert.Equal(FetchStatus.Fetched, (await factory.WaitForDocumentAsync($"http://{good}", d => d.Status is FetchStatus.Fetched or FetchStatus.Failed)).Status);
    }
}
