using System.Collections.Immutable;
using HilHarness.Model;
using HilHarness.Scenarios;

namespace HilHarness.Suites;

/// <summary>
/// The clear job the suites submit: <see cref="Vc4CommandLists.ClearJob"/> on a <see cref="Width"/> ×
/// <see cref="Height"/> target.
/// </summary>
public static class Vc4Jobs
{
    public const ushort Width = 64, Height = 64;

    /// <summary>What the clear job writes: Width × Height RGBA8888.</summary>
    public const long TargetBytes = Width * Height * 4;

    public static ImmutableSortedDictionary<string, OpArg> Clear(string file, string target)
    {
        return Vc4CommandLists.ClearJob(file, target, Width, Height, 0xff00ff00);
    }

    public static Scenario SubmitClear(this Scenario s, string file, string job, string target, params (string Name, OpArg Value)[] changes)
    {
        var args = Clear(file, target);
        foreach (var (name, value) in changes) args = args.SetItem(name, value);
        return s.Add(new ModelOp("vc4.submit_cl", args, job));
    }
}
