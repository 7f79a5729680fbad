using System.Text;
using System.Text.Json;
using HilHarness.BoardAgent.Layout;
using HilHarness.BoardAgent.Protocol;

namespace HilHarness.BoardAgent.Clients;

/// <summary>
/// The pointer and array conventions of docs/protocol.md ("Fields that are pointers or arrays"), as reusable
/// hooks: the data goes into a <see cref="Uapi.UserMemory"/> buffer, the pointer field gets its address and the
/// size/count field is derived (unless the args give it). <c>{"addr": N}</c> passes a raw address instead.
/// </summary>
public static class ArgHooks
{
    /// <summary>Largest array or buffer the agent builds from args: far above any real use, low enough that a
    /// hostile count cannot exhaust the board's memory.</summary>
    public const int MaxBufferBytes = 16 << 20;

    /// <summary>True when <paramref name="value"/> is <c>{"addr": N}</c>; N is then the raw pointer.</summary>
    public static bool TryRawAddress(JsonElement value, string path, IStepRefs? refs, out ulong address)
    {
        address = 0;
        if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty("addr", out var addr)) return false;
        foreach (var property in value.EnumerateObject())
        {
            if (property.Name != "addr")
                throw ProtocolException.BadArgs(path + "." + property.Name, "a raw pointer is {\"addr\": N} and nothing else");
        }
        address = JsonArgs.Scalar(addr, ScalarKind.U64, path + ".addr", refs);
        return true;
    }

    /// <summary>base64 data → <paramref name="pointer"/>, its length → <paramref name="size"/>.</summary>
    public static ArgHook Bytes(string pointer, string size) => (target, value, path) =>
    {
        if (TryRawAddress(value, path, target.Call.Context.Refs, out var address)) { target.Set(pointer, address); return; }
        var bytes = JsonArgs.Base64(value, path);
        target.Set(pointer, (ulong)target.Call.CopyOf(bytes).Address);
        target.Derive(size, (ulong)bytes.Length);
    };

    /// <summary>A string → NUL-terminated UTF-8 at <paramref name="pointer"/>; strlen → <paramref name="length"/>
    /// (if given). JSON null passes a NULL pointer.</summary>
    public static ArgHook CString(string pointer, string? length) => (target, value, path) =>
    {
        if (TryRawAddress(value, path, target.Call.Context.Refs, out var address)) { target.Set(pointer, address); return; }
        if (value.ValueKind == JsonValueKind.Null) { target.Set(pointer, 0); return; }
        var text = Encoding.UTF8.GetBytes(JsonArgs.String(value, path));
        var buffer = target.Call.Allocate(text.Length + 1);
        text.CopyTo(buffer.Span);
        target.Set(pointer, (ulong)buffer.Address);
        if (length is not null) target.Derive(length, (ulong)text.Length);
    };

    /// <summary>An array of u32 (handles) → <paramref name="pointer"/>, its length → <paramref name="count"/>.</summary>
    public static ArgHook U32Array(string pointer, string? count, string? name = null) =>
        Array(pointer, count, ScalarKind.U32, name);

    /// <summary>An array of u64 (timeline points) → <paramref name="pointer"/>.</summary>
    public static ArgHook U64Array(string pointer, string? count, string? name = null) =>
        Array(pointer, count, ScalarKind.U64, name);

    private static ArgHook Array(string pointer, string? count, ScalarKind kind, string? name) => (target, value, path) =>
    {
        var refs = target.Call.Context.Refs;
        if (TryRawAddress(value, path, refs, out var address)) { target.Set(pointer, address); return; }
        JsonArgs.RequireArray(value, path);
        int n = value.GetArrayLength(), size = ScalarKinds.Size(kind);
        if ((long)n * size > MaxBufferBytes) throw ProtocolException.BadArgs(path, $"{n} elements is more than the agent builds");
        var buffer = target.Call.Allocate(n * size, name);
        int i = 0;
        foreach (var element in value.EnumerateArray())
        {
            ScalarKinds.Write(buffer.Span, i * size, kind, JsonArgs.Scalar(element, kind, $"{path}[{i}]", refs));
            i++;
        }
        target.Set(pointer, n == 0 ? 0 : (ulong)buffer.Address);
        if (count is not null) target.Derive(count, (ulong)n);
    };

    /// <summary>
    /// A <c>struct drm_panthor_obj_array</c> field: a JSON array of element objects (stride = sizeof(element),
    /// count = length), or <c>{"stride", "count", "array"}</c> where the given stride/count override the derived
    /// ones and elements are laid out at the given stride.
    /// </summary>
    public static ArgHook ObjArray(string field, StructShape element, IoctlShapeRules elementRules) => (target, value, path) =>
    {
        var refs = target.Call.Context.Refs;
        var at = target.Shape[field].Offset;
        uint? stride = null, count = null;
        JsonElement items = default;
        ulong address = 0;
        if (value.ValueKind == JsonValueKind.Array) items = value;
        else if (value.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in value.EnumerateObject())
            {
                string p = path + "." + property.Name;
                switch (property.Name)
                {
                    case "stride": stride = (uint)JsonArgs.Scalar(property.Value, ScalarKind.U32, p, refs); break;
                    case "count": count = (uint)JsonArgs.Scalar(property.Value, ScalarKind.U32, p, refs); break;
                    case "array" when property.Value.ValueKind == JsonValueKind.Array: items = property.Value; break;
                    case "array":
                        address = TryRawAddress(property.Value, p, refs, out var raw) ? raw
                            : JsonArgs.Scalar(property.Value, ScalarKind.U64, p, refs);
                        break;
                    default: throw ProtocolException.BadArgs(p, "an obj_array has stride, count and array");
                }
            }
        }
        else throw ProtocolException.BadArgs(path, $"expected an array of {element.Name} objects, got {JsonArgs.Describe(value)}");

        int n = items.ValueKind == JsonValueKind.Array ? items.GetArrayLength() : 0;
        uint actualStride = stride ?? (uint)element.Size;
        if (n > 0)
        {
            long spacing = actualStride == 0 ? element.Size : actualStride;
            long length = spacing * (n - 1) + element.Size;
            if (length > MaxBufferBytes) throw ProtocolException.BadArgs(path, $"{n} elements at stride {spacing} is more than the agent builds");
            var buffer = target.Call.Allocate((int)length);
            var scratch = new byte[element.Size];
            var fill = new StructFill(target.Call);
            int i = 0;
            foreach (var item in items.EnumerateArray())
            {
                string p = $"{path}[{i}]";
                JsonArgs.RequireObject(item, p);
                fill.Reset(element, scratch);
                fill.Fill(item, p + ".", elementRules, skip: null);
                fill.ApplyDerived();
                fill.Data.CopyTo(buffer.Span[(int)(i * spacing)..]);
                i++;
            }
            address = (ulong)buffer.Address;
        }
        var data = target.Data;
        ScalarKinds.Write(data, at, ScalarKind.U32, actualStride);
        ScalarKinds.Write(data, at + 4, ScalarKind.U32, count ?? (uint)n);
        ScalarKinds.Write(data, at + 8, ScalarKind.U64, address);
    };
}
