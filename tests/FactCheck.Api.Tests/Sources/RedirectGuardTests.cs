using System.Globalization;
using FactCheck.Api.Tests.Infrastructure;
using FactCheck.Data;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace FactCheck.Api.Tests.Sources;

/// <summary>
/// Hostile redirects from an allowed page: every spelling of a way to a listener the guard forbids (a loopback port
/// outside the allowed ones, here standing for any internal service), and schemes that are no web page. The forbidden
/// listener must never see a request; each redirect ends blocked or failed. No address outside loopback is contacted:
/// the guard refuses those before any socket opens.
/// </summary>
[Collection(FetchCollection.Name)]
public sealed class RedirectGuardTests(FetchApiFactory factory) : ApiTest(factory), IDisposable
{
    readonly WireMockServer forbidden = WireMockServer.Start();

    public void Dispose() => forbidden.Stop();

    [Theory]
    [InlineData("http://127.0.0.1:{p}/admin")]
    [InlineData("http://localhost:{p}/admin")]
    [InlineData("http://LOCALHOST.:{p}/admin")]
    [InlineData("http://2130706433:{p}/admin")]            // decimal
    [InlineData("http://0x7f.0.0.1:{p}/admin")]            // hex octet
    [InlineData("http://0177.0.0.1:{p}/admin")]            // octal octet
    [InlineData("http://127.1:{p}/admin")]                 // short form
    [InlineData("http://[::ffff:127.0.0.1]:{p}/admin")]    // IPv4-mapped IPv6
    [InlineData("http://１２７.0.0.1:{p}/admin")]            // full-width digits
    [InlineData("http://127。0。0。1:{p}/admin")]            // ideographic full stops
    [InlineData("//127.0.0.1:{p}/admin")]                  // scheme-relative
    [InlineData("http://user:pass@127.0.0.1:{p}/admin")]   // credentials in the target
    [InlineData("http://127.0.0.1:{p}#@allowed.test/")]    // a fragment that looks like user-info
    [InlineData("file:///etc/passwd")]                     // not the web
    [InlineData("gopher://127.0.0.1:{p}/_GET%20/admin")]   // not http
    public async Task A_hostile_redirect_is_refused_and_its_target_never_requested(string location)
    {
        var target = location.Replace("{p}", forbidden.Port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        forbidden.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithStatusCode(200).WithBody("internal"));
        var host = $"r{Guid.NewGuid():N}"[..12] + ".test";
        var path = $"/go-{Guid.NewGuid():N}";
        factory.Pages.Given(Request.Create().WithPath(path).UsingGet()).RespondWith(Response.Create().WithStatusCode(302).WithHeader("Location", target));

        await Client.PostArticleAsync(Requests.Article(sources: [new { url = factory.UrlOn(host, path) }]));
        var document = await factory.WaitForDocumentAsync($"http://{host}", d => d.Status is FetchStatus.Blocked or FetchStatus.Failed or FetchStatus.Fetched);

        Assert.NotEqual(FetchStatus.Fetched, document.Status);
        Assert.Empty(forbidden.LogEntries);
        Assert.DoesNotContain("pass@", document.LastError ?? "", StringComparison.Ordinal);
    }
}
