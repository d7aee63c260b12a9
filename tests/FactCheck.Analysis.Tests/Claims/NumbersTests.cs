using FactCheck.Analysis.Claims;
using FactCheck.Analysis.Text;

namespace FactCheck.Analysis.Tests.Claims;

public sealed class NumbersTests
{
    static IReadOnlyList<NumberMention> Find(string text) => Numbers.Find(text, new TextSpan(0, text.Length));

    [Theory]
    [InlineData("The two countries agreed.", "two", 2, QuantityKind.Count)]
    [InlineData("Three people were hurt.", "Three", 3, QuantityKind.Count)]
    [InlineData("It costs 1.2 million a year.", "1.2 million", 1_200_000, QuantityKind.Count)]
    [InlineData("Turnout was 40% this time.", "40%", 0.4, QuantityKind.Percent)]
    [InlineData("Turnout was 12.5 percent this time.", "12.5 percent", 0.125, QuantityKind.Percent)]
    [InlineData("The deal is worth $5bn over ten years.", "$5bn", 5_000_000_000, QuantityKind.Money)]
    [InlineData("He has 1,500 troops there.", "1,500 troops", 1500, QuantityKind.Measure)]
    [InlineData("It was signed in 2024.", "2024", 2024, QuantityKind.Year)]
    [InlineData("It was signed on 19 June 2024 in Pyongyang.", "19 June 2024", 20240619, QuantityKind.Date)]
    [InlineData("It was signed on June 19, 2024 in Pyongyang.", "June 19, 2024", 20240619, QuantityKind.Date)]
    [InlineData("Twenty-five ships sailed.", "Twenty-five", 25, QuantityKind.Count)]
    [InlineData("It was signed on 2024-06-19 in Pyongyang.", "2024-06-19", 20240619, QuantityKind.Date)]
    [InlineData("It was signed on 19/06/2024 in Pyongyang.", "19/06/2024", 20240619, QuantityKind.Date)]
    [InlineData("It was signed on 06/19/2024 in Pyongyang.", "06/19/2024", 20240619, QuantityKind.Date)]
    [InlineData("It was signed on 19.6.2024 in Pyongyang.", "19.6.2024", 20240619, QuantityKind.Date)]
    [InlineData("Unemployment fell to 3.9 per cent.", "3.9 per cent", 0.039, QuantityKind.Percent)]
    public void Numbers_are_found_and_normalised(string text, string mention, double value, QuantityKind kind)
    {
        var number = Assert.Single(Find(text), n => n.Text == mention);
        Assert.Equal(value, number.Value, 6);
        Assert.Equal(kind, number.Kind);
        Assert.Equal(mention, text[number.Span.Start..number.Span.End]);
    }

    [Fact]
    public void Money_carries_its_currency_and_dates_their_iso_form()
    {
        var numbers = Find("Russia paid €300 million on 1 March 2023.");

        Assert.Equal("EUR", numbers.Single(n => n.Kind == QuantityKind.Money).Unit);
        Assert.Equal("2023-03-01", numbers.Single(n => n.Kind == QuantityKind.Date).Date);
    }

    [Fact]
    public void Impossible_dates_are_not_dates()
    {
        Assert.DoesNotContain(Find("It happened on 31 February 2023."), n => n.Kind == QuantityKind.Date);
    }

    [Theory]
    [InlineData("Ridership fell by 9% [2].")]
    [InlineData("Ridership fell by 9% [1, 3] last year (Source 4).")]
    [InlineData("Ridership fell by 9%² according to Source 2.")]
    public void Citation_markers_are_not_numbers(string text)
    {
        var number = Assert.Single(Find(text));
        Assert.Equal(0.09, number.Value, 6);
    }

    [Theory]
    [InlineData("The COVID-19 death rate in Sweden was 56.66 per 100,000.", "56.66")]
    [InlineData("Covid-19 killed 20.5 million jobs.", "20.5 million")]
    [InlineData("Ukraine asked for F-35 jets and 12 tanks.", "12")]
    public void Digits_joined_to_a_name_are_not_numbers(string text, string first)
    {
        var numbers = Find(text);
        Assert.DoesNotContain(numbers, n => n.Text.Trim() is "19" or "35");
        Assert.Equal(first, numbers[0].Text.Trim());
        // A hyphen after a lower-case prefix still leaves the year: "mid-2019".
        Assert.Contains(Find("Prices fell in mid-2019."), n => n.Kind == QuantityKind.Year && n.Value == 2019);
    }

    [Theory]
    [InlineData("He was the youngest executed since the 1800s.")]
    [InlineData("Crime rose through the 1990s and the '80s.")]
    [InlineData("It peaked in the 1970's.")]
    public void A_decade_is_not_a_year(string text)
    {
        Assert.DoesNotContain(Find(text), n => n.Kind == QuantityKind.Year);
        Assert.Contains(Find("It peaked in 1970, so the 1970s ended lower."), n => n.Kind == QuantityKind.Year && n.Value == 1970);
    }

    [Fact]
    public void A_date_in_digits_that_reads_either_way_keeps_both_readings()
    {
        var date = Assert.Single(Find("The order was signed on 08/04/2020."));

        Assert.Equal(QuantityKind.Date, date.Kind);
        Assert.Equal("2020-04-08", date.Date);
        Assert.Equal(20200408, date.Value);
        Assert.Equal(20200804, date.Alternative);
        Assert.Null(Assert.Single(Find("The order was signed on 19/06/2024.")).Alternative);
    }

    [Theory]
    [InlineData("Scores were 1/2 and 3/4 in 2020.", 5)]
    [InlineData("It happened on 31/02/2020.", 3)]
    public void Digits_that_are_no_date_stay_numbers(string text, int count)
    {
        Assert.DoesNotContain(Find(text), n => n.Kind == QuantityKind.Date);
        Assert.Equal(count, Find(text).Count);
    }
}
