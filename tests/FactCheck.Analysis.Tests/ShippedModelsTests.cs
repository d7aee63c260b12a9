using System.Text.Json;
using FactCheck.Analysis.Claims;

namespace FactCheck.Analysis.Tests;

/// <summary>What the repository carries as models: within the budget, each with its provenance.</summary>
public sealed class ShippedModelsTests
{
    /// <summary>All model files in the repository together (the budget raised for the check-worthiness encoder, issue 31).</summary>
    const long Budget = 45_000_000;

    static readonly string[] ModelFolders = [".Claims.Models.", ".Evidence.Models.", ".Embeddings.Models."];

    [Fact]
    public void The_shipped_models_stay_within_45_MB_together()
    {
        var assembly = typeof(CheckWorthinessModel).Assembly;
        var models = assembly.GetManifestResourceNames().Where(n => ModelFolders.Any(f => n.Contains(f, StringComparison.Ordinal))).ToList();
        var sizes = models.ToDictionary(n => n, n => { using var s = assembly.GetManifestResourceStream(n)!; return s.Length; });

        Assert.Contains(CheckWorthinessEncoder.ModelResource, models);
        Assert.Contains(FactCheck.Analysis.Evidence.CrossEncoder.ModelResource, models);
        var total = sizes.Values.Sum();
        Assert.True(total <= Budget, $"{total / 1e6:F1} MB shipped: {string.Join(", ", sizes.OrderByDescending(s => s.Value).Select(s => $"{s.Key} {s.Value / 1e6:F1} MB"))}");
    }

    [Theory]
    [InlineData(CheckWorthinessEncoder.ManifestResource)]
    [InlineData(FactCheck.Analysis.Evidence.CrossEncoder.ManifestResource)]
    public void Every_trained_onnx_model_says_where_it_came_from(string manifest)
    {
        using var stream = typeof(CheckWorthinessModel).Assembly.GetManifestResourceStream(manifest);
        Assert.NotNull(stream);
        var root = JsonDocument.Parse(stream).RootElement;

        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("version").GetString()));
        Assert.True(root.TryGetProperty("provenance", out var provenance), $"{manifest} has no provenance");
        Assert.Equal(JsonValueKind.Object, provenance.ValueKind);
        Assert.Contains("/usr/bin/python3 tools/", provenance.GetProperty("command").GetString(), StringComparison.Ordinal);
        Assert.True(provenance.TryGetProperty("seed", out _), $"{manifest} does not say its seed");
    }
}
