using System.Xml.Linq;
using FactCheck.Api.Tests.Infrastructure;
using Mono.Cecil;

namespace FactCheck.Api.Tests.Architecture;

/// <summary>
/// The projects depend downwards: the database library (FactCheck.Data) knows no web host and no API, and the
/// development tools depend on libraries (Analysis, Data), never on the API or on files under tests/.
/// </summary>
public sealed class ProjectBoundaryTests
{
    [Fact]
    public void The_data_library_references_neither_the_api_nor_aspnetcore()
    {
        using var module = ModuleDefinition.ReadModule(typeof(FactCheck.Data.FactCheckDbContext).Assembly.Location);
        var references = module.AssemblyReferences.Select(r => r.Name).ToList();
        Assert.Contains("Microsoft.EntityFrameworkCore", references);
        Assert.DoesNotContain(references, r => r.StartsWith("FactCheck.Api", StringComparison.Ordinal) || r.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
        // The migrations live beside the model, so dotnet-ef and MigrateAsync find them without configuration.
        Assert.Contains(module.Types, t => t.Namespace == "FactCheck.Data.Migrations" && t.BaseType?.Name == "Migration");
    }

    public static TheoryData<string> ToolProjects() =>
        [.. Directory.GetFiles(Path.Combine(RepoRoot.Path, "tools"), "*.csproj", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}node_modules{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(p => Path.GetRelativePath(RepoRoot.Path, p))];

    [Theory]
    [MemberData(nameof(ToolProjects))]
    public void A_tool_depends_on_libraries_not_on_the_api_or_the_tests(string project)
    {
        var path = Path.Combine(RepoRoot.Path, project);
        var folder = Path.GetDirectoryName(path)!;
        var xml = XDocument.Load(path);
        string Resolve(string include) => Path.GetFullPath(Path.Combine(folder, include.Replace('\\', Path.DirectorySeparatorChar)));
        var references = xml.Descendants("ProjectReference").Select(e => Resolve((string)e.Attribute("Include")!)).ToList();
        Assert.NotEmpty(references);
        Assert.All(references, r => Assert.StartsWith(Path.Combine(RepoRoot.Path, "src") + Path.DirectorySeparatorChar, r, StringComparison.Ordinal));
        Assert.DoesNotContain(references, r => r.EndsWith("FactCheck.Api.csproj", StringComparison.Ordinal));
        var borrowed = xml.Descendants().Where(e => e.Name.LocalName is "Compile" or "None" or "Content" or "EmbeddedResource")
            .Select(e => (string?)e.Attribute("Include")).OfType<string>().Select(Resolve)
            .Where(f => !f.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal)).ToList();
        Assert.True(borrowed.Count == 0, $"{project} compiles or copies files from outside its folder: {string.Join(", ", borrowed)}");
    }
}
