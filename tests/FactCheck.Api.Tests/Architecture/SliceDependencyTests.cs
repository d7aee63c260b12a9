using Mono.Cecil;
using Mono.Cecil.Cil;

namespace FactCheck.Api.Tests.Architecture;

/// <summary>
/// The feature slices of <c>src/FactCheck.Api</c> (one namespace per folder: <c>FactCheck.Api.Articles</c>,
/// <c>FactCheck.Api.Sources</c>…) depend on one another without cycles, so each can be read, and changed, above the
/// ones it uses (docs/architecture.md draws the order). Read from the compiled assembly with Mono.Cecil: every type a
/// slice's types name in their signatures, attributes, base types and method bodies (lambdas and async state machines
/// count for the type they are written in).
/// </summary>
public sealed class SliceDependencyTests
{
    const string Prefix = "FactCheck.Api.";

    static readonly Lazy<Dictionary<string, Dictionary<string, SortedSet<string>>>> Graph = new(Build);

    [Fact]
    public void Slices_depend_on_each_other_without_cycles()
    {
        var graph = Graph.Value;
        Assert.Contains("Articles", graph.Keys);
        Assert.Contains("Sources", graph.Keys);
        var cycles = new List<string>();
        foreach (var (from, targets) in graph)
            foreach (var (to, because) in targets)
                if (string.CompareOrdinal(from, to) < 0 && graph.TryGetValue(to, out var back) && back.TryGetValue(from, out var becauseBack))
                    cycles.Add($"{from} -> {to} ({string.Join(", ", because.Take(4))}) and {to} -> {from} ({string.Join(", ", becauseBack.Take(4))})");
        Assert.True(cycles.Count == 0, "Slices depend on each other both ways:\n" + string.Join("\n", cycles));
        // Longer cycles (a -> b -> c -> a): a topological order exists only without them.
        var order = new List<string>();
        var state = new Dictionary<string, int>();
        var path = new List<string>();
        void Visit(string slice)
        {
            if (state.GetValueOrDefault(slice) == 2) return;
            if (state.GetValueOrDefault(slice) == 1)
            {
                var cycle = path.SkipWhile(s => s != slice).Append(slice).ToList();
                Assert.Fail("A cycle of slices: " + string.Join("; ", cycle.Zip(cycle.Skip(1), (a, b) => $"{a} -> {b} ({string.Join(", ", graph[a][b].Take(3))})")));
            }
            state[slice] = 1;
            path.Add(slice);
            foreach (var next in graph.GetValueOrDefault(slice)?.Keys ?? Enumerable.Empty<string>()) Visit(next);
            path.RemoveAt(path.Count - 1);
            state[slice] = 2;
            order.Add(slice);
        }
        foreach (var slice in graph.Keys.Order(StringComparer.Ordinal)) Visit(slice);
        Assert.Equal(graph.Keys.Count, order.Count);
    }

    /// <summary>The order docs/architecture.md draws, bottom first: a slice uses only slices of lower layers.</summary>
    static readonly string[][] Layers =
    [
        ["Platform"], ["Telemetry", "Security"], ["Events"], ["Verdicts"], ["Verification"], ["Sources"], ["Search"],
        ["Articles"], ["Claims", "Webhooks", "CheckWorthiness"], ["Reports"], ["Docs"],
    ];

    [Fact]
    public void Each_slice_uses_only_slices_below_it_in_the_documented_order()
    {
        var layerOf = Layers.SelectMany((slices, i) => slices.Select(s => (s, i))).ToDictionary(x => x.s, x => x.i);
        var graph = Graph.Value;
        Assert.All(graph.Keys.Where(k => k != "Samples"), slice => Assert.True(layerOf.ContainsKey(slice), $"{slice} is not in the documented order"));
        var upward = graph.SelectMany(g => g.Value.Select(t => (From: g.Key, To: t.Key, Because: t.Value)))
            .Where(e => layerOf.ContainsKey(e.From) && layerOf.ContainsKey(e.To) && layerOf[e.To] >= layerOf[e.From])
            .Select(e => $"{e.From} -> {e.To} ({string.Join(", ", e.Because.Take(3))})").ToList();
        Assert.True(upward.Count == 0, "Against the documented order:\n" + string.Join("\n", upward));
    }

    [Fact]
    public void Platform_depends_on_no_feature_slice()
    {
        // The database (FactCheck.Data) is its own assembly below every slice: the compiler keeps it from calling up.
        Assert.Equal([], Graph.Value.GetValueOrDefault("Platform")?.Keys.ToArray() ?? []);
    }

    [Fact]
    public void The_dependency_reader_sees_dependencies()
    {
        // The check above could pass by reading nothing: these edges are known to exist.
        var graph = Graph.Value;
        Assert.Contains("Sources", graph["Articles"].Keys);
        Assert.Contains("Platform", graph["Articles"].Keys);
        Assert.Contains("Platform", graph["Webhooks"].Keys);
    }

    static string? SliceOf(TypeReference? type)
    {
        while (type is { DeclaringType: not null }) type = type.DeclaringType;
        if (type is null || !type.Namespace.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        var rest = type.Namespace[Prefix.Length..];
        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? rest : rest[..dot];
    }

    static Dictionary<string, Dictionary<string, SortedSet<string>>> Build()
    {
        var path = typeof(Program).Assembly.Location;
        using var module = ModuleDefinition.ReadModule(path);
        var graph = new Dictionary<string, Dictionary<string, SortedSet<string>>>(StringComparer.Ordinal);
        foreach (var type in module.GetTypes())
        {
            var from = SliceOf(type);
            if (from is null) continue;
            graph.TryAdd(from, new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal));
            var outer = type;
            while (outer.DeclaringType is not null) outer = outer.DeclaringType;
            void Use(TypeReference? used)
            {
                if (used is null) return;
                if (used is GenericInstanceType generic) foreach (var argument in generic.GenericArguments) Use(argument);
                if (used is TypeSpecification spec) { Use(spec.ElementType); return; }
                var to = SliceOf(used);
                if (to is null || to == from) return;
                var targets = graph[from];
                if (!targets.TryGetValue(to, out var because)) targets[to] = because = new SortedSet<string>(StringComparer.Ordinal);
                because.Add($"{outer.Name} uses {used.Name}");
            }
            void UseMember(MemberReference member)
            {
                Use(member.DeclaringType);
                switch (member)
                {
                    case MethodReference method:
                        Use(method.ReturnType);
                        foreach (var p in method.Parameters) Use(p.ParameterType);
                        if (method is GenericInstanceMethod gm) foreach (var a in gm.GenericArguments) Use(a);
                        break;
                    case FieldReference field: Use(field.FieldType); break;
                }
            }
            void UseAttributes(ICustomAttributeProvider provider)
            {
                foreach (var attribute in provider.CustomAttributes)
                {
                    Use(attribute.AttributeType);
                    foreach (var argument in attribute.ConstructorArguments) if (argument.Value is TypeReference t) Use(t);
                }
            }
            Use(type.BaseType);
            UseAttributes(type);
            foreach (var i in type.Interfaces) Use(i.InterfaceType);
            foreach (var f in type.Fields) { Use(f.FieldType); UseAttributes(f); }
            foreach (var p in type.Properties) { Use(p.PropertyType); UseAttributes(p); }
            foreach (var m in type.Methods)
            {
                UseAttributes(m);
                Use(m.ReturnType);
                foreach (var p in m.Parameters) { Use(p.ParameterType); UseAttributes(p); }
                if (!m.HasBody) continue;
                foreach (var v in m.Body.Variables) Use(v.VariableType);
                foreach (var instruction in m.Body.Instructions)
                    switch (instruction.Operand)
                    {
                        case TypeReference t: Use(t); break;
                        case MemberReference member: UseMember(member); break;
                    }
            }
        }
        return graph;
    }
}
