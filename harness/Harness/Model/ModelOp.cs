using System.Collections.Immutable;

namespace HilHarness.Model;

/// <summary>
/// One step as the model sees it: the agent op name (docs/protocol.md), its arguments with symbols in place of fds
/// and handles, and the symbol this step produces (a file, BO, VM, heap, job, mapping…), if any.
/// </summary>
public sealed record ModelOp(string Op, ImmutableSortedDictionary<string, OpArg> Args, string? Produces = null)
{
    public OpArg? Arg(string name) => Args.TryGetValue(name, out var a) ? a : null;

    public long Num(string name, long fallback = 0) => Arg(name)?.Number ?? fallback;

    public string? Sym(string name) => Arg(name)?.Symbol;

    /// <summary>The symbol in <paramref name="name"/>; an op built by the DSL always has it.</summary>
    public string RequireSym(string name) =>
        Sym(name) ?? throw new ArgumentException($"op {Op}: argument '{name}' must name an earlier step's object (got {Arg(name)?.ToString() ?? "nothing"})");

    public override string ToString() =>
        $"{Op}({string.Join(", ", Args.Select(a => $"{a.Key}={a.Value}"))})" + (Produces is null ? "" : $" → {Produces}");
}
