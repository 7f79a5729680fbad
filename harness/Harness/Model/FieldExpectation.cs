using System.Text.Json.Serialization;

namespace HilHarness.Model;

/// <summary>
/// What the model expects of one integer out field. Absolute values the kernel chooses (handles, GPU VAs, seqnos)
/// are predicted as relations; a relation may bind the observed value to a name so later steps are checked against it
/// (a pool base learned from the first heap, a VM id learned from VM_CREATE).
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(ExactValue), "exact")]
[JsonDerivedType(typeof(AnyValue), "any")]
[JsonDerivedType(typeof(RangeValue), "range")]
[JsonDerivedType(typeof(AlignedValue), "aligned")]
[JsonDerivedType(typeof(AffineValue), "affine")]
[JsonDerivedType(typeof(IncreasingValue), "increasing")]
public abstract record FieldExpectation
{
    /// <summary>When set, the observed value is remembered under this name once it passes the check.</summary>
    public string? BindAs { get; init; }

    /// <summary>How the expectation reads in a report.</summary>
    public abstract string Describe();
}

/// <summary>Exactly this value.</summary>
public sealed record ExactValue(ulong Value) : FieldExpectation
{
    public override string Describe() => Value > 0xffff ? $"0x{Value:x}" : Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Any value (still bound when <see cref="FieldExpectation.BindAs"/> is set).</summary>
public sealed record AnyValue : FieldExpectation
{
    public override string Describe() => BindAs is null ? "any" : $"any→{BindAs}";
}

/// <summary>A value in [Min, Max].</summary>
public sealed record RangeValue(ulong Min, ulong Max) : FieldExpectation
{
    public override string Describe() => $"{Min}..{Max}";
}

/// <summary>A non-zero multiple of <see cref="Alignment"/> (a chunk VA is page aligned), with optional low bits
/// that must equal <see cref="LowBits"/> (the encoded chunk pointer carries chunk_size &gt;&gt; 12 there).</summary>
public sealed record AlignedValue(ulong Alignment, ulong LowBits = 0) : FieldExpectation
{
    public override string Describe() => LowBits == 0 ? $"≠0, {Alignment}-aligned" : $"{Alignment}-aligned | 0x{LowBits:x}";
}

/// <summary><c>Scale × binding + Offset</c>. When the binding is not known yet and <see cref="LearnBinding"/> is set,
/// the first observation defines it (a heap pool's base VA is learned from its first heap).</summary>
public sealed record AffineValue(string Binding, ulong Scale, ulong Offset, bool LearnBinding) : FieldExpectation
{
    public override string Describe() => Scale == 1 ? $"{Binding}+0x{Offset:x}" : $"{Binding}×0x{Scale:x}+{Offset}";
}

/// <summary>Greater than the value last bound to <see cref="Binding"/> (a seqno increases); rebinds it.</summary>
public sealed record IncreasingValue(string Binding) : FieldExpectation
{
    public override string Describe() => $">{Binding}";
}
