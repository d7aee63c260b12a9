namespace FactCheck.Analysis.Evidence.Rules;

/// <summary>The ordered list of stance rules in use, and the engine version they make with the model's.</summary>
public static class StanceRules
{
    /// <summary>
    /// The rules in the order they run (the first that fires decides). Kept only where they pay off on data not read while
    /// writing them (docs/verification.md, "Rules"); a rule measured not to pay off is removed, not switched off
    /// (session 14 removed three: the number rule, which item-differs replaces with the role of the quantity, the
    /// reversed direction and the off-topic gate, which changed no claim of the development sets).
    /// </summary>
    public static readonly IReadOnlyList<IStanceRule> All =
    [
        new QuestionWithoutAnswer(),
        new CallsFabricated(),
        new AnswerDenies(),
        new DeniesEffect(),
        new DeniesDeath(),
        new DeniesStatement(),
        new FromSatire(),
        new FindsNone(),
        new YearRestated(),
        new AnswerQuantity(),
        new ReportedAssertion(),
        new ItemDiffers(),
        new QuantityUnmatched(),
        new ItemMissing(),
        new Restatement(),
    ];

    /// <summary>The rules without those named (for measuring what each is worth).</summary>
    public static IReadOnlyList<IStanceRule> Without(IEnumerable<string> names)
    {
        var drop = names.ToHashSet(StringComparer.OrdinalIgnoreCase);
        return [.. All.Where(r => !drop.Contains(r.Name))];
    }

    /// <summary>The stance after the first rule that fires, or the model's reading.</summary>
    public static (StanceProbabilities Probabilities, string? Reason, string? Rule) Apply(RuleInput input, IReadOnlyList<IStanceRule> rules)
    {
        foreach (var rule in rules)
            if (rule.Apply(input) is { } outcome) return (outcome.Probabilities, outcome.Reason, rule.Name);
        return (input.Probabilities, null, null);
    }

    /// <summary>A short hash of the rule list, for the engine version: a stored verdict says which rules made it.</summary>
    public static string Fingerprint(IReadOnlyList<IStanceRule> rules)
    {
        var text = string.Join(",", rules.Select(r => r.Name));
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text));
        return Convert.ToHexString(hash)[..8].ToLowerInvariant();
    }
}
