using System.Text.Json.Serialization;

namespace HilHarness.Inventory;

/// <summary>Source-generated serialization for the little the inventory writes (quoted strings in messages).</summary>
[JsonSerializable(typeof(string))]
internal sealed partial class InventoryJsonContext : JsonSerializerContext;
