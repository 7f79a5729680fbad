namespace HilHarness.BoardAgent.Clients;

/// <summary>How the args of one struct map to its fields: hooks for pointer/array args and renamed fields
/// (<c>obj_fd</c> for a struct's own <c>fd</c>, because <c>args.fd</c> is the DRM file).</summary>
public sealed class IoctlShapeRules
{
    private readonly Dictionary<string, ArgHook> hooks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> argToField = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> fieldToArg = new(StringComparer.Ordinal);

    private readonly HashSet<string> replacedInOut = new(StringComparer.Ordinal);

    public static IoctlShapeRules None { get; } = new();

    /// <summary>Fields whose raw value (a pointer) the out object shows as the data instead (an op's extra out).</summary>
    public IReadOnlySet<string> ReplacedInOut => replacedInOut;

    public IoctlShapeRules ReplaceInOut(string field)
    {
        replacedInOut.Add(field);
        return this;
    }

    /// <summary>C field name → protocol name, for the out object.</summary>
    public IReadOnlyDictionary<string, string>? OutNames => fieldToArg.Count == 0 ? null : fieldToArg;

    public IoctlShapeRules Hook(string arg, ArgHook hook)
    {
        hooks.Add(arg, hook);
        return this;
    }

    public IoctlShapeRules Rename(string field, string arg)
    {
        argToField.Add(arg, field);
        fieldToArg.Add(field, arg);
        return this;
    }

    public bool TryGetHook(string arg, out ArgHook hook) => hooks.TryGetValue(arg, out hook!);

    public string FieldFor(string arg) => argToField.GetValueOrDefault(arg, arg);

    /// <summary>True for a C name that the protocol spells differently (it must be given under the new name).</summary>
    public bool IsRenamedAway(string arg) => fieldToArg.ContainsKey(arg) && !argToField.ContainsKey(arg);
}
