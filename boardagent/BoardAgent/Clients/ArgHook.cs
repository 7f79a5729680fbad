using System.Text.Json;

namespace HilHarness.BoardAgent.Clients;

/// <summary>Handles one arg that is not a plain field: a pointer that carries data, an array with a derived count.
/// <paramref name="path"/> names the arg in errors.</summary>
public delegate void ArgHook(StructFill target, JsonElement value, string path);
