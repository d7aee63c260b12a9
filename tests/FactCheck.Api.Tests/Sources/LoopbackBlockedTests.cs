using FactCheck.Api.Tests.Infrastructure;
using FactCheck.Data;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace FactCheck.Api.Tests.Sources;

/// <summary>The production default: AllowLoopback off. A listener on 127.0.0.1 must never see a request.</summary>
public sealed class LoopbackBlockedFactory : FetchApiFactory
{
    protected override bool AllowLoopback => false;
}

public sealed class LoopbackBlockedTests(LoopbackBlockedFactory factory) : ApiTest(factory), IClassFixture<LoopbackBlockedFactory>
{
    [Theory]
    [InlineData("http://127.0.0.1:{port}/secret")]
    [InlineData("http://2130706433:{port}/secret")]
    [InlineData("http://[::ffff:127.0.0.1]:{port}/secret")]
    [InlineData("http://localhost.test:{port}/secret")] // a name the resolver points at 127.0.0.1
    [InlineData("http://１２７.0.0.1:{port}/secret")]        // full-width digits (IDNA folds them)
    [InlineData("http://127。0。0。1:{port}/secret")]        // ideographic full stops
    [InlineData("http://１２７．０．０．１:{port}/secret")]    // full-width digits and stops
    [InlineData("http://ⓛⓞⓒⓐⓛⓗⓞⓢⓣ.test:{port}/secret")]   // circled letters: localhost.test
    public async Task Urls_that_reach_loopback_are_blocked_and_never_requested(string template)
    {
        factory.Pages.Reset();
        factory.Pages.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithStatusCode(200).WithBody("secret"));
        var url = template.Replace("{port}", factory.Pages.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

        await Client.PostArticleAsync(Requests.Article(sources: [new { url }]));
        var document = await factory.WaitForDocumentAsync("http://", d => d.Status != FetchStatus.Pending && d.Status != FetchStatus.Fetching);

        Assert.Equal(FetchStatus.Blocked, document.Status);
        Assert.Contains("loopback", document.LastError, StringComparison.Ordinal);
        Assert.Empty(factory.Pages.LogEntries);
    }
}
