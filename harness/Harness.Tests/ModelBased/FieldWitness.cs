using HilHarness.Model;

namespace HilHarness.Tests.ModelBased;

/// <summary>
/// Picks, for each out field the model predicts, a value the <see cref="Comparison.RelationChecker"/> accepts,
/// remembering bound values across one batch as the checker does (a heap's pool base, the last seqno).
/// </summary>
internal sealed class FieldWitness
{
    private readonly Dictionary<string, ulong> _bindings = new(StringComparer.Ordinal);

    public ulong Pick(FieldExpectation expected)
    {
        ulong value = expected switch
        {
            ExactValue e => e.Value,
            RangeValue r => r.Min,
            // An address: the alignment itself is non-zero and aligned; the low bits carry the encoded size.
            AlignedValue a => a.Alignment + a.LowBits,
            AffineValue f => Affine(f),
            IncreasingValue i => _bindings.TryGetValue(i.Binding, out var last) ? last + 1 : 1,
            _ => 0,
        };
        if (expected.BindAs is { } name) _bindings[name] = value;
        return value;
    }

    private ulong Affine(AffineValue f)
    {
        if (_bindings.TryGetValue(f.Binding, out var bound)) return bound * f.Scale + f.Offset;
        // The checker learns the binding from the first value: say it is 1.
        _bindings[f.Binding] = 1;
        return f.Scale + f.Offset;
    }
}
