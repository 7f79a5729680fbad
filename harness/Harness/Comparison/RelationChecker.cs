using HilHarness.Model;

namespace HilHarness.Comparison;

/// <summary>Checks observed out fields against <see cref="FieldExpectation"/>s, remembering bound values (a VM's pool
/// base, the last seqno) across the steps of one batch.</summary>
public sealed class RelationChecker
{
    private readonly Dictionary<string, ulong> _bindings = new(StringComparer.Ordinal);

    /// <summary>Null when <paramref name="observed"/> satisfies the expectation, else what is wrong.</summary>
    public string? Check(string field, FieldExpectation expected, ulong? observed)
    {
        if (observed is not { } v) return $"{field}: expected {expected.Describe()}, field missing";
        string? problem = expected switch
        {
            ExactValue e => v == e.Value ? null : $"{field}: expected {e.Describe()}, got {Show(v)}",
            AnyValue => null,
            RangeValue r => v >= r.Min && v <= r.Max ? null : $"{field}: expected {r.Describe()}, got {Show(v)}",
            AlignedValue a => IsAligned(a, v) ? null : $"{field}: expected {a.Describe()}, got {Show(v)}",
            AffineValue f => CheckAffine(field, f, v),
            IncreasingValue i => !_bindings.TryGetValue(i.Binding, out var last) || v > last ? null
                : $"{field}: expected > {Show(last)} ({i.Binding}), got {Show(v)}",
            _ => $"{field}: unknown expectation {expected.GetType().Name}",
        };
        if (problem is null && expected.BindAs is { } name) _bindings[name] = v;
        return problem;
    }

    /// <summary>An encoded chunk pointer keeps chunk_size &gt;&gt; 12 in its low 12 bits (kernel-facts C.1).</summary>
    private static bool IsAligned(AlignedValue a, ulong v)
    {
        ulong address = a.LowBits == 0 ? v : v & ~0xfffUL;
        return address != 0 && address % a.Alignment == 0 && (a.LowBits == 0 || (v & 0xfff) == a.LowBits);
    }

    private string? CheckAffine(string field, AffineValue f, ulong v)
    {
        if (!_bindings.TryGetValue(f.Binding, out var b))
        {
            if (!f.LearnBinding) return $"{field}: expected {f.Describe()}, but {f.Binding} was never observed";
            if (v < f.Offset || (v - f.Offset) % f.Scale != 0) return $"{field}: {Show(v)} cannot be {f.Describe()}";
            _bindings[f.Binding] = (v - f.Offset) / f.Scale;
            return null;
        }
        ulong want = b * f.Scale + f.Offset;
        return v == want ? null : $"{field}: expected {Show(want)} ({f.Describe()}), got {Show(v)}";
    }

    private static string Show(ulong v) => v > 0xffff ? $"0x{v:x}" : v.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
