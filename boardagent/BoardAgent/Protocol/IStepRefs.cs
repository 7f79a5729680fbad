using System.Text.Json;

namespace HilHarness.BoardAgent.Protocol;

/// <summary>Resolves a batch's <c>{"$ref": "&lt;step&gt;.&lt;out field&gt;"}</c> to an earlier step's value.</summary>
public interface IStepRefs
{
    /// <summary>The referenced value; throws <see cref="ProtocolException"/> (bad-args) naming
    /// <paramref name="field"/> when the reference does not resolve.</summary>
    JsonElement Resolve(string reference, string field);
}
