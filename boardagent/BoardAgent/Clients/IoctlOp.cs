using System.Text.Json;
using HilHarness.BoardAgent.Layout;
using HilHarness.Uapi;

namespace HilHarness.BoardAgent.Clients;

/// <summary>
/// One row of an ioctl client's table: the catalogue entry, the struct shape, and the few rules that make this op
/// differ from "fields in, fields out" (pointer args, derived counts, extra out values, a multi-call sequence).
/// </summary>
public sealed class IoctlOp
{
    public IoctlOp(IoctlDefinition definition, StructShape shape)
    {
        if (shape.Size != definition.SizeFor(AbiFacts.Current))
            throw new InvalidOperationException($"{definition.Op}: shape {shape} disagrees with the catalogue size");
        Definition = definition;
        Shape = shape;
    }

    public IoctlDefinition Definition { get; }

    public StructShape Shape { get; }

    public IoctlShapeRules Rules { get; } = new();

    /// <summary>Sets non-zero defaults before the args are applied (vc4's "no surface" hindex).</summary>
    public Action<StructFill>? Defaults { get; private set; }

    /// <summary>Replaces the single ioctl with a sequence (drm.version's sizing call, dev_query's negotiation).</summary>
    public Func<IoctlCall, SyscallResult>? Sequence { get; private set; }

    /// <summary>Writes extra out properties after the struct's fields (strings, arrays the kernel filled).</summary>
    public Action<IoctlCall, Utf8JsonWriter>? ExtraOut { get; private set; }

    public string Name => Definition.Op;

    public IoctlOp Hook(string arg, ArgHook hook)
    {
        Rules.Hook(arg, hook);
        return this;
    }

    public IoctlOp Rename(string field, string arg)
    {
        Rules.Rename(field, arg);
        return this;
    }

    /// <summary>The out object shows <paramref name="field"/> (a pointer) through the extra out instead.</summary>
    public IoctlOp ReplaceInOut(string field)
    {
        Rules.ReplaceInOut(field);
        return this;
    }

    public IoctlOp WithDefaults(Action<StructFill> defaults)
    {
        Defaults = defaults;
        return this;
    }

    public IoctlOp WithSequence(Func<IoctlCall, SyscallResult> sequence)
    {
        Sequence = sequence;
        return this;
    }

    public IoctlOp WithExtraOut(Action<IoctlCall, Utf8JsonWriter> extraOut)
    {
        ExtraOut = extraOut;
        return this;
    }

    public override string ToString() => $"{Name} ({Shape})";
}
