namespace FactCheck.Analysis.Text;

/// <summary>A half-open range [Start, End) of UTF-16 code units in an original text.</summary>
public readonly record struct TextSpan(int Start, int End)
{
    public int Length => End - Start;

    public string Slice(string text) => text[Start..End];

    public ReadOnlySpan<char> AsSpan(string text) => text.AsSpan(Start, Length);

    public bool Contains(int position) => position >= Start && position < End;

    public bool Overlaps(TextSpan other) => Start < other.End && other.Start < End;
}
