using FactCheck.Analysis.Claims;
using FactCheck.Analysis.Text;

namespace FactCheck.Analysis.Tests.Claims;

public sealed class EntitiesTests
{
    static IReadOnlyList<EntityMention> Find(string text, ISet<string>? people = null) =>
        Entities.Find(text, new TextSpan(0, text.Length), people);

    [Fact]
    public void Titles_and_demonyms_are_peeled_off_people()
    {
        var entities = Find("Russian President Vladimir Putin and North Korean leader Kim Jong-un signed a pact.");

        Assert.Equal(
            [("Russia", EntityKind.Place), ("Vladimir Putin", EntityKind.Person), ("North Korea", EntityKind.Place), ("Kim Jong-un", EntityKind.Person)],
            entities.Select(e => (e.Name, e.Kind)));
    }

    [Fact]
    public void A_multi_word_title_does_not_become_part_of_the_name()
    {
        var entities = Find("In response, US Secretary of State Antony Blinken criticized the visit.");

        Assert.Contains(entities, e => e is { Name: "Antony Blinken", Kind: EntityKind.Person });
        Assert.Contains(entities, e => e is { Name: "US", Kind: EntityKind.Place });
    }

    [Fact]
    public void Organisations_come_from_the_gazetteer_suffixes_and_acronyms()
    {
        var entities = Find("The Kremlin, NATO and the Ministry of Defence Agency were named.");

        Assert.Contains(entities, e => e is { Name: "Kremlin", Kind: EntityKind.Organization });
        Assert.Contains(entities, e => e is { Name: "NATO", Kind: EntityKind.Organization });
    }

    [Fact]
    public void A_surname_seen_in_full_earlier_is_a_person()
    {
        var people = new HashSet<string>();
        Entities.CollectPeople(Find("Antony Blinken spoke first."), people);

        var entities = Find("Later, Blinken left Seoul.", people);

        Assert.Contains(entities, e => e is { Name: "Blinken", Kind: EntityKind.Person });
        Assert.Contains(entities, e => e is { Name: "Seoul", Kind: EntityKind.Place });
    }

    [Fact]
    public void Spans_cut_the_text_exactly()
    {
        const string text = "Putin met Kim in Pyongyang, and the Kremlin said so.";
        Assert.All(Find(text), e => Assert.Equal(e.Text, text[e.Span.Start..e.Span.End]));
    }
}
