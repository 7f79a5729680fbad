using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace HilHarness.Inventory;

/// <summary>Typed reads of object members that record, instead of throw, what was wrong, so one pass over a rack
/// file reports every problem.</summary>
internal sealed class FieldReader(string source)
{
    private readonly List<InventoryError> _errors = [];

    public int Count => _errors.Count;

    public void Error(PositionedJson at, string message) =>
        _errors.Add(new InventoryError(source, at.Line, at.Column, at.Path, message));

    public void ThrowIfAny()
    {
        if (_errors.Count > 0)
            throw new InventoryException([.. _errors.OrderBy(e => e.Line).ThenBy(e => e.Column)]);
    }

    public bool Expect(PositionedJson node, JsonValueKind kind, string expected)
    {
        if (node.Kind == kind)
            return true;
        Error(node, $"expected {expected}, got {node.Describe()}");
        return false;
    }

    public PositionedJson? Member(PositionedJson obj, string name) =>
        obj.Properties.LastOrDefault(p => p.Name == name)?.Value;

    /// <summary>Unknown members are errors (a typo must not silently mean "default"); <c>password</c> gets its own
    /// explanation because the harness never handles secrets other than key files.</summary>
    public void RejectUnknown(PositionedJson obj, IReadOnlyList<string> known, string what)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in obj.Properties)
        {
            var at = property.Value;
            var path = at.Path;
            if (!seen.Add(property.Name))
                _errors.Add(new InventoryError(source, property.Line, property.Column, path, $"duplicate field \"{property.Name}\": each field may appear once"));
            else if (property.Name.Contains("password", StringComparison.OrdinalIgnoreCase) || property.Name.Contains("passphrase", StringComparison.OrdinalIgnoreCase))
                _errors.Add(new InventoryError(source, property.Line, property.Column, path,
                    $"\"{property.Name}\" is not accepted: boards are reached with SSH keys only (BatchMode, no password prompts); " +
                    "put the private key's path in \"identityFile\" and the host key in the \"knownHosts\" file, and keep secrets out of the rack file"));
            else if (!known.Contains(property.Name))
            {
                var near = EditDistance.Suggest(property.Name, known);
                _errors.Add(new InventoryError(source, property.Line, property.Column, path,
                    $"unknown {what} \"{property.Name}\"" + (near is null ? $"; known fields: {string.Join(", ", known)}" : $" (did you mean \"{near}\"?)")));
            }
        }
    }

    public string? String(PositionedJson obj, string name, bool required = false, string? requiredWhy = null, Regex? pattern = null, string? patternText = null)
    {
        var node = Member(obj, name);
        if (node is null)
        {
            if (required)
                Error(obj, $"missing \"{name}\"" + (requiredWhy is null ? "" : $": {requiredWhy}"));
            return null;
        }
        if (!Expect(node, JsonValueKind.String, "a string"))
            return null;
        var text = node.Text ?? "";
        if (text.Length == 0)
        {
            Error(node, "expected a non-empty string");
            return null;
        }
        if (pattern is not null && !pattern.IsMatch(text))
        {
            Error(node, $"expected {patternText}, got {node.Describe()}");
            return null;
        }
        return text;
    }

    public int? Integer(PositionedJson obj, string name, int min, int max)
    {
        var node = Member(obj, name);
        if (node is null)
            return null;
        if (node.Kind == JsonValueKind.Number && int.TryParse(node.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value) && value >= min && value <= max)
            return value;
        Error(node, $"expected an integer from {min} to {max}, got {node.Describe()}");
        return null;
    }

    public bool? Boolean(PositionedJson obj, string name)
    {
        var node = Member(obj, name);
        if (node is null)
            return null;
        if (node.Kind is JsonValueKind.True or JsonValueKind.False)
            return node.Kind == JsonValueKind.True;
        Error(node, $"expected true or false, got {node.Describe()}");
        return null;
    }

    public IReadOnlyList<string>? StringArray(PositionedJson obj, string name)
    {
        var node = Member(obj, name);
        if (node is null || !Expect(node, JsonValueKind.Array, "an array of strings"))
            return null;
        var values = new List<string>();
        foreach (var item in node.Items)
            if (Expect(item, JsonValueKind.String, "a string"))
                values.Add(item.Text ?? "");
        return values;
    }
}
