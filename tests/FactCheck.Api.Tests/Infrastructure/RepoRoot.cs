namespace FactCheck.Api.Tests.Infrastructure;

/// <summary>The checkout the tests run from: the folder above the test binaries that holds FactCheck.sln.</summary>
static class RepoRoot
{
    public static readonly string Path = Find();

    static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "FactCheck.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("FactCheck.sln not found above " + AppContext.BaseDirectory);
    }
}
