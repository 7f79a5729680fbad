using System.Text.Json;
using HilHarness.BoardAgent.Layout;
using HilHarness.BoardAgent.Protocol;

namespace HilHarness.BoardAgent.Clients;

/// <summary>
/// Fills one UAPI struct from JSON args as a zero-initialised C caller would: named fields are set, missing ones
/// stay zero, unknown ones are refused. Fields derived from data (a size, a count) are applied last and only where
/// the args did not give that field explicitly — which is how a test lies about a size on purpose.
/// </summary>
public sealed class StructFill
{
    private readonly List<(FieldShape Field, ulong Value)> derived = [];
    private byte[] data = [];
    private ulong explicitFields;

    internal StructFill(IoctlCall call) => Call = call;

    public IoctlCall Call { get; }

    public StructShape Shape { get; private set; } = null!;

    public Span<byte> Data => data.AsSpan(0, Shape.Size);

    internal void Reset(StructShape shape, byte[] storage)
    {
        Shape = shape;
        data = storage;
        Data.Clear();
        explicitFields = 0;
        derived.Clear();
    }

    /// <summary>Sets a field to a value chosen by the caller; it counts as given explicitly.</summary>
    public void Set(string field, ulong value)
    {
        var f = Shape[field];
        ScalarKinds.Write(Data, f.Offset, f.Kind, value);
        MarkExplicit(f);
    }

    /// <summary>A value derived from data (a byte count, an element count); args that name the field win.</summary>
    public void Derive(string field, ulong value) => derived.Add((Shape[field], value));

    public bool IsExplicit(string field) => (explicitFields & Bit(Shape[field])) != 0;

    /// <summary>Fills from the properties of <paramref name="args"/>, skipping <paramref name="skip"/> (the DRM fd).</summary>
    public void Fill(JsonElement args, string pathPrefix, IoctlShapeRules rules, string? skip)
    {
        if (args.ValueKind != JsonValueKind.Object) return;
        foreach (var property in args.EnumerateObject())
        {
            string name = property.Name;
            if (skip is not null && name == skip) continue;
            string path = pathPrefix + name;
            if (rules.TryGetHook(name, out var hook))
            {
                hook(this, property.Value, path);
                continue;
            }
            var field = Shape.Find(rules.FieldFor(name));
            if (field is null || rules.IsRenamedAway(name))
                throw ProtocolException.BadArgs(path,
                    $"unknown field for struct {Shape.Name} (fields: {StructJson.FieldList(Shape)})");
            if (field.IsScalar && ArgHooks.TryRawAddress(property.Value, path, Call.Context.Refs, out var address))
                ScalarKinds.Write(Data, field.Offset, field.Kind, address);
            else
                StructJson.Write(Data, field, property.Value, path, Call.Context.Refs);
            MarkExplicit(field);
        }
    }

    /// <summary>Writes the derived values of fields the args did not set.</summary>
    public void ApplyDerived()
    {
        foreach (var (field, value) in derived)
        {
            if ((explicitFields & Bit(field)) == 0) ScalarKinds.Write(Data, field.Offset, field.Kind, value);
        }
    }

    private void MarkExplicit(FieldShape field) => explicitFields |= Bit(field);

    private static ulong Bit(FieldShape field) => field.Index < 64 ? 1UL << field.Index : 0;
}
