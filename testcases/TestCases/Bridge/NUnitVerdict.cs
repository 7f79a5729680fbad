using NUnit.Framework.Interfaces;

namespace HilHarness.TestCases.Bridge;

/// <summary>What a test's NUnit result must be, and the message it carries.</summary>
public sealed record NUnitVerdict(ResultState State, string Message);
