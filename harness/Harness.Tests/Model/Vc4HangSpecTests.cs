using NUnit.Framework;
using HilHarness.Model;
using HilHarness.Model.Vc4;
using HilHarness.Scenarios;
using HilHarness.Suites;
using HilHarness.Uapi;

namespace HilHarness.Tests.Model;

/// <summary>What the vc4 model predicts for a GPU hang on a simulated board (vc4_gem.c: hang check, vc4_save_hang_state,
/// vc4_reset, GET_HANG_STATE; kernel-facts A.11 and E7), and where it refuses to guess the reset's time.</summary>
[TestFixture]
public class Vc4HangSpecTests
{
    private static Vc4State State(Scenario s) => (Vc4State)s.State;

    private static readonly ModelOp GpuHang = new("sim.inject",
        System.Collections.Immutable.ImmutableSortedDictionary<string, OpArg>.Empty.Add("kind", OpArg.Str("gpu-hang")));

    private static LabelExpectation? Label(Scenario s, string label) =>
        ((BoStatsExpectation)s.Last.Observations.OfType<BoStatsExpectation>().Single()).Labels.GetValueOrDefault(label);

    private static Scenario GetHangState(Scenario s, string file, long boCount) =>
        s.Add("vc4.get_hang_state", null, ("fd", OpArg.Sym(file)), ("bo_count", OpArg.Of(boCount)));

    /// <summary>A file with a 16 KiB target whose clear job hangs the GPU.</summary>
    private static Scenario Hung(BoardSemantics board) =>
        new Scenario(board).Open("A", "vc4").Vc4CreateBo("A", "t", Vc4Jobs.TargetBytes)
            .Add(GpuHang).SubmitClear("A", "j", "t");

    [Test, Description("A hung job stays unfinished past its 1 ms of GPU time: a zero-timeout WAIT_BO is ETIME a second later and the job keeps its RCL.")]
    public void HungJobDoesNotFinishByItself()
    {
        var s = Hung(Boards.Rpi3_612).SimAdvance(1000);
        Assert.That(State(s).Jobs["j"].Done, Is.False);
        s.Add("vc4.wait_bo", null, ("fd", OpArg.Sym("A")), ("handle", OpArg.Sym("t")), ("timeout_ns", OpArg.Of(0)));
        Assert.That(s.Last.Errno, Is.EqualTo(Errno.ETIME));
        Assert.That(Label(s, "RCL")?.CountMin, Is.EqualTo(1));
    }

    [Test, Description("The reset comes 1.1-2.1 s after the job started on a whole second the model cannot know, so advancing into that window (or before the reset's effects settle) is refused, not guessed.")]
    public void ClockInsideTheResetWindowIsRefused()
    {
        var s = Hung(Boards.Rpi3_612);
        Assert.That(() => s.SimAdvance(1500), Throws.InstanceOf<InvalidOperationException>().With.Message.Contains("reset"));
        Assert.That(() => s.SimAdvance(4000), Throws.InstanceOf<InvalidOperationException>());
        var wait = new ModelOp("vc4.wait_bo", System.Collections.Immutable.ImmutableSortedDictionary<string, OpArg>.Empty
            .Add("fd", OpArg.Sym("A")).Add("handle", OpArg.Sym("t")).Add("timeout_ns", OpArg.Of(100_000_000)));
        Assert.That(ReferenceModel.TryApply(s.SimAdvance(1050).State, wait, out string? refusal), Is.Null);
        Assert.That(refusal, Does.Contain("whole second"));
    }

    [Test, Description("After the reset the job is done, its target and its RCL stay allocated for the saved hang state although the file closed, and the bin BO is released.")]
    public void ResetSavesTheHungJobsBos()
    {
        var s = Hung(Boards.Rpi3_612).SimAdvance(6000).Close("A");
        var state = State(s);
        Assert.That(state.Jobs["j"].Done, Is.True);
        Assert.That(state.HangState!.Bos, Is.EqualTo(new[] { "t" }));
        Assert.That(Label(s, "V3D"), Is.EqualTo(LabelExpectation.Exactly(1, 16)));
        Assert.That(Label(s, "RCL")?.CountMin, Is.EqualTo(1));
        Assert.That(state.BinBo.Exists, Is.False);
    }

    [Test, Description("GET_HANG_STATE with a short array gets the BO count back and leaves the state saved; with room it moves every BO to a handle of the caller, and the caller's close frees them.")]
    public void GetHangStateHandsTheBosOutOnce()
    {
        var s = Hung(Boards.Rpi3_612).SimAdvance(6000).Open("B", "vc4");
        int count = State(s).HangState!.Count;
        GetHangState(s, "B", 0);
        Assert.That(s.Last.Out["bo_count"], Is.EqualTo(new ExactValue((ulong)count)));
        Assert.That(State(s).HangState, Is.Not.Null);
        GetHangState(s, "B", 64);
        Assert.That(State(s).HangState, Is.Null);
        Assert.That(State(s).HangHandles, Has.Count.EqualTo(count));
        Assert.That(GetHangState(s, "B", 64).Last.Errno, Is.EqualTo(Errno.ENOENT));
        s.Close("A").Close("B");
        Assert.That(Label(s, "V3D"), Is.Null);
        Assert.That(Label(s, "RCL"), Is.Null);
        Assert.That(Label(s, "kernel BO cache")!.CountMin, Is.EqualTo(count + 1), "the target, the job's kernel BOs and the bin BO");
    }

    [Test, Description("A second hang while a state is saved saves nothing new: vc4_save_hang_state frees the new state, so the second job's RCL goes to the cache.")]
    public void SecondHangKeepsTheFirstState()
    {
        var s = Hung(Boards.Rpi3_612).SimAdvance(6000);
        var first = State(s).HangState;
        s.Add(GpuHang).SubmitClear("A", "k", "t").SimAdvance(6000);
        Assert.That(State(s).HangState, Is.SameAs(first));
        Assert.That(State(s).Jobs["k"].Done, Is.True);
    }

    [Test, Description("sim.complete_jobs finishes a hung job without a reset: nothing is saved and GET_HANG_STATE stays ENOENT.")]
    public void CompleteJobsFinishesAHungJobWithoutSaving()
    {
        var s = Hung(Boards.Rpi3_612).Add("sim.complete_jobs", null).SimAdvance(6000);
        Assert.That(State(s).HangState, Is.Null);
        Assert.That(GetHangState(s, "A", 64).Last.Errno, Is.EqualTo(Errno.ENOENT));
    }

    [Test, Description("Jobs queued behind a hung job wait for its reset, then run 1 ms each.")]
    public void JobsBehindAHungJobRunAfterTheReset()
    {
        var s = Hung(Boards.Rpi3_612).SubmitClear("A", "k", "t").SimAdvance(1000);
        Assert.That(State(s).Jobs["k"].Done, Is.False);
        s.SimAdvance(5000);
        Assert.That(State(s).Jobs["k"].Done, Is.True);
    }

    [Test, Description("The model plans hangs only where a saved state cannot outlive the sequence: not before 5.3, not for a non-root agent, not with jobs queued.")]
    public void HangIsPlannedOnlyWhereItsStateCanBeCollected()
    {
        Assert.That(() => new Scenario(Boards.Rpi3_52).Open("A", "vc4").Add(GpuHang), Throws.ArgumentException);
        Assert.That(() => new Scenario(Boards.Rpi3_612 with { Root = false }).Open("A", "vc4").Add(GpuHang), Throws.ArgumentException);
        var busy = new Scenario(Boards.Rpi3_612).Open("A", "vc4").Vc4CreateBo("A", "t", Vc4Jobs.TargetBytes).SubmitClear("A", "j", "t");
        Assert.That(() => busy.Add(GpuHang), Throws.ArgumentException);
    }
}
