using System.Collections.Immutable;
using HilHarness.Model;

namespace HilHarness.Suites;

/// <summary>Model ops for steps the typed <see cref="Scenarios.Scenario"/> helpers do not cover (raced ops, raw
/// arguments of errno rows).</summary>
internal static class Ops
{
    public static ModelOp Of(string op, string? produces, params (string Name, OpArg Value)[] args) =>
        new(op, args.ToImmutableSortedDictionary(a => a.Name, a => a.Value, StringComparer.Ordinal), produces);

    public static (string, OpArg) Fd(string file) => ("fd", OpArg.Sym(file));

    public static (string, OpArg) N(string name, long value) => (name, OpArg.Of(value));

    public static (string, OpArg) S(string name, string symbol) => (name, OpArg.Sym(symbol));

    public static ModelOp Vc4CreateBo(string file, string bo, long size) => Of("vc4.create_bo", bo, Fd(file), N("size", size));

    public static ModelOp SimInject(string kind, long bytes = 0) => Of("sim.inject", null, ("kind", OpArg.Str(kind)), N("bytes", bytes));
}
