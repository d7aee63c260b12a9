using System.Reflection;

namespace FactCheck.Api.Platform;

/// <summary>
/// Source texts for the sample article, written for the examples from the public record of June 2024 (the treaty's
/// text as published by KCNA, the leaders' and Blinken's public remarks): short, so verification takes seconds.
/// </summary>
public static class SampleSources
{
    public const string Wire =
        "PYONGYANG, June 19 (wire report) - Russian President Vladimir Putin and North Korean leader Kim Jong-un signed a treaty on " +
        "a comprehensive strategic partnership on Wednesday that includes a pledge of mutual assistance if either country is attacked. " +
        "The agreement was signed after talks in Pyongyang that lasted several hours. Putin said the treaty provides for mutual " +
        "assistance in the event of aggression against one of the parties. Kim described the relationship as an alliance and called " +
        "the treaty the strongest ever signed between the two countries, saying it raised their ties to a new, higher level. " +
        "The two leaders also pledged closer political, economic and military cooperation.";

    public const string TreatyText =
        "The full text of the treaty was published by North Korea's state news agency KCNA on Thursday, June 20. Article 4 obliges " +
        "each side to provide military and other assistance without delay, with all means at its disposal, if the other comes under " +
        "armed attack and is in a state of war, citing Article 51 of the UN Charter. During the visit Putin presented Kim with an " +
        "Aurus limousine and a tea set; Kim gave Putin artworks bearing his image. The United States and South Korea have accused " +
        "North Korea of supplying artillery shells and missiles to Russia for its war in Ukraine, which both countries deny.";

    public const string Blinken =
        "Secretary of State Antony Blinken said on June 18 that Putin's visit to North Korea demonstrated the desperation Russia has " +
        "to develop and strengthen relationships with countries that can provide it with what it needs to continue the war of " +
        "aggression it started against Ukraine. He said the United States was concerned that deepening military cooperation between " +
        "the two countries could affect security on the Korean peninsula.";
}

public static class Samples
{
    /// <summary>The article FactCheck is built for: a news story with three cited sources.</summary>
    public static string PutinKimArticle => Read("putin-kim-defence-pact.txt");

    static string Read(string name)
    {
        var assembly = Assembly.GetExecutingAssembly();
        var resource = assembly.GetManifestResourceNames().Single(n => n.EndsWith(name, StringComparison.Ordinal));
        using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
        return reader.ReadToEnd();
    }
}
