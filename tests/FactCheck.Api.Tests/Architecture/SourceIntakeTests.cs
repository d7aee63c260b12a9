using Mono.Cecil;
using Mono.Cecil.Cil;

namespace FactCheck.Api.Tests.Architecture;

/// <summary>
/// One intake of sources (issue 29): a document's status is written in one place, <c>Sources.SourceIntake</c>, which
/// article ingestion, adding a citation, supplying and refetching a source and the fetch worker all call. Read from the
/// compiled assembly: every method that sets <c>Document.Status</c> or <c>Document.Text</c> (lambdas, async state
/// machines and expression trees included, by the setter's or getter's use in an update expression).
/// </summary>
public sealed class SourceIntakeTests
{
    [Fact]
    public void Only_the_source_intake_changes_a_documents_status()
    {
        using var assembly = AssemblyDefinition.ReadAssembly(typeof(Program).Assembly.Location);
        var writers = new SortedSet<string>(StringComparer.Ordinal);
        var readers = 0;
        foreach (var type in assembly.MainModule.GetTypes())
            foreach (var method in type.Methods.Where(m => m.HasBody))
                foreach (var instruction in method.Body.Instructions)
                {
                    if (instruction.Operand is not MethodReference called || called.DeclaringType.FullName != "FactCheck.Data.Document") continue;
                    if (called.Name == "get_Status") readers++;
                    // A setter call, or (ExecuteUpdate's SetProperty) the property named in an expression tree by its getter's handle.
                    var sets = called.Name == "set_Status"
                        || (called.Name == "get_Status" && instruction.OpCode == OpCodes.Ldtoken && IsSetPropertyLambda(method));
                    if (!sets) continue;
                    var owner = type;
                    while (owner.DeclaringType is not null) owner = owner.DeclaringType;
                    if (owner.Namespace.EndsWith(".Migrations", StringComparison.Ordinal)) continue;
                    writers.Add(owner.FullName);
                }
        Assert.True(readers > 0, "the scan found no use of Document.Status at all: it is not reading the right assembly");
        Assert.Equal(["FactCheck.Api.Sources.SourceIntake"], writers);
    }

    /// <summary>True when the method builds an ExecuteUpdate (its expression tree calls SetProperty).</summary>
    static bool IsSetPropertyLambda(MethodDefinition method) =>
        method.Body.Instructions.Any(i => i.Operand is MethodReference m && m.Name == "SetProperty");
}
