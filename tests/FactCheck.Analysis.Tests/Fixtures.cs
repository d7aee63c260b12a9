namespace FactCheck.Analysis.Tests;

static class Fixtures
{
    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    public static string Read(string name) => File.ReadAllText(Path(name));

    public static string SampleArticle => Read("putin-kim-defence-pact.txt");
}
