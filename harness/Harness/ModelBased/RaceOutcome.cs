using HilHarness.Agent;
using HilHarness.Model;
using HilHarness.Uapi;

namespace HilHarness.ModelBased;

/// <summary>
/// The model's view of a race: a correct kernel is linearizable, so the racing ops' results must equal those of
/// some serial order. The first order whose errnos match the board's results decides the state that follows.
/// </summary>
internal static class RaceOutcome
{
    /// <returns>The state after the race, its prediction, why no order matches (or null), and whether the order that
    /// decided is the ops' own order (the one a generator's walk assumed).</returns>
    public static (ModelState State, StepPrediction Prediction, string? Mismatch, bool InOrder) Predict(ModelState state, IReadOnlyList<ModelOp> ops, AgentStepResult? result)
    {
        var observed = (result?.Out?["results"] as System.Text.Json.Nodes.JsonArray)?
            .OfType<System.Text.Json.Nodes.JsonObject>().Select(AgentStepResult.FromJson).ToList();
        (ModelState, StepPrediction)? fallback = null;
        var tried = new List<string>();
        foreach (var order in Orders(ops.Count))
        {
            var s = state;
            var errnos = new Errno[ops.Count];
            StepPrediction last = StepPrediction.Success("race");
            foreach (int k in order)
            {
                (s, last) = ReferenceModel.Apply(s, ops[k]);
                errnos[k] = OutcomeErrno(last);
            }
            var prediction = StepPrediction.Success("race") with { Observations = last.Observations };
            bool inOrder = fallback is null;
            fallback ??= (s, prediction);
            if (observed is null || (observed.Count == ops.Count && Enumerable.Range(0, ops.Count).All(k => Matches(errnos[k], observed[k]))))
                return (s, prediction, null, inOrder);
            tried.Add($"[{string.Join(", ", errnos)}]");
        }
        string got = string.Join(", ", observed!.Select(r => r.Errno == 0 && r.Ok ? "ok" : r.ToString()));
        return (fallback!.Value.Item1, fallback.Value.Item2, $"race results [{got}] match no serial order (model: {string.Join(" or ", tried)})", true);
    }

    /// <summary>The errno an op's outcome carries: the ioctl's, or for a simulated event that answers its kernel
    /// function's result in <c>out.errno</c> (<c>sim.tiler_oom</c>: what panthor_heap_grow returned) that one.</summary>
    private static Errno OutcomeErrno(StepPrediction p) =>
        p.Errno == Errno.None && p.Out.TryGetValue("errno", out var e) && e is ExactValue { Value: var v } ? (Errno)(int)v : p.Errno;

    private static bool Matches(Errno expected, AgentStepResult r)
    {
        if (!r.Ok) return false;
        if (r.Rc == -1) return r.Errno == (int)expected;
        long? outErrno = r.Out?["errno"] is System.Text.Json.Nodes.JsonValue v && v.TryGetValue(out long n) ? n : null;
        return r.Errno == 0 && (outErrno ?? 0) == (long)expected;
    }

    /// <summary>Every permutation of 0..n-1, identity first.</summary>
    private static IEnumerable<int[]> Orders(int n)
    {
        if (n <= 1)
        {
            yield return [.. Enumerable.Range(0, n)];
            yield break;
        }
        foreach (var rest in Orders(n - 1))
            for (int at = rest.Length; at >= 0; at--)
                yield return [.. rest[..at], n - 1, .. rest[at..]];
    }
}
