using System.Text.Json.Serialization;
using HilHarness.Verdicts;

namespace HilHarness.Results;

/// <summary>Source-generated serialization of result lines: camelCase fields, outcomes by name, one line each.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = false,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, UseStringEnumConverter = true)]
[JsonSerializable(typeof(CaseResult))]
[JsonSerializable(typeof(Outcome))]
internal sealed partial class ResultsJsonContext : JsonSerializerContext;
