namespace FactCheck.Api.Tests.Infrastructure;

static class TestKeys
{
    public const string Header = "X-Api-Key";

    /// <summary>The bootstrap admin key every test factory configures.</summary>
    public const string Admin = "test-bootstrap-admin-key-0123456789abcdef";

    public static void Configure(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder) =>
        builder.UseSetting("Auth:BootstrapAdminKey", Admin);
}
