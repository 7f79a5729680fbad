using System.Collections.Immutable;
using HilHarness.Model;
using HilHarness.Model.Vc4;
using HilHarness.Scenarios;

namespace HilHarness.Suites;

/// <summary>
/// The clear job the suites submit. It is <see cref="Vc4CommandLists.ClearJob"/> with the bin CL ending in
/// INCREMENT_SEMAPHORE then FLUSH, as vc4_validate_bin_cl requires ("Bin CL missing VC4_PACKET_INCREMENT_SEMAPHORE");
/// <see cref="Vc4CommandLists.MinimalBinCl"/> ends in FLUSH alone, which a 5.3+ kernel refuses with EINVAL.
/// </summary>
public static class Vc4Jobs
{
    public const ushort Width = 64, Height = 64;

    /// <summary>What the clear job writes: Width × Height RGBA8888.</summary>
    public const long TargetBytes = Width * Height * 4;

    public static ImmutableSortedDictionary<string, OpArg> Clear(string file, string target)
    {
        var cl = Vc4CommandLists.MinimalBinCl(Width / 64, Height / 64);
        byte[] fixedCl = [.. cl[..^1], Vc4BinCl.IncrementSemaphore, Vc4BinCl.Flush];
        return Vc4CommandLists.ClearJob(file, target, Width, Height, 0xff00ff00).SetItem("bin_cl", OpArg.Bytes(fixedCl));
    }

    public static Scenario SubmitClear(this Scenario s, string file, string job, string target, params (string Name, OpArg Value)[] changes)
    {
        var args = Clear(file, target);
        foreach (var (name, value) in changes) args = args.SetItem(name, value);
        return s.Add(new ModelOp("vc4.submit_cl", args, job));
    }
}
