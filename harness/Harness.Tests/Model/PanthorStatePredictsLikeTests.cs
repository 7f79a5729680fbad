using HilHarness.Model.Panthor;
using HilHarness.Scenarios;
using HilHarness.Uapi;
using NUnit.Framework;

namespace HilHarness.Tests.Model;

/// <summary>
/// <see cref="PanthorState.PredictsLike"/>, which lets the model-based runner keep judging from the generator's trace
/// after a race resolved in another serial order: it must hold exactly when later steps cannot tell the states apart.
/// </summary>
[TestFixture]
public class PanthorStatePredictsLikeTests
{
    private static Scenario FileWithVm() => new Scenario(Boards.Rk3588_618).Open("A", "panthor").PanthorVmCreate("A", "vm");

    [Test, Description("Both serial orders of a VM destroy racing a heap create on it end alike: the heap that was created first goes with its VM, and only its number (never named later) differs.")]
    public void BothOrdersOfVmDestroyAndHeapCreatePredictAlike()
    {
        var heapFirst = FileWithVm().PanthorHeapCreate("A", "vm", "rheap").PanthorVmDestroy("A", "vm");
        var destroyFirst = FileWithVm().PanthorVmDestroy("A", "vm").PanthorHeapCreate("A", "vm", "rheap");
        Assert.That(destroyFirst.Last.Errno, Is.EqualTo(Errno.EINVAL), "the heap create found no VM");
        var (a, b) = ((PanthorState)heapFirst.State, (PanthorState)destroyFirst.State);
        Assert.That(a.Numbers.ContainsKey("rheap"), Is.True, "the states do differ in the race product's number");
        Assert.That((a.PredictsLike(b), b.PredictsLike(a)), Is.EqualTo((true, true)));
    }

    [Test, Description("A state with a live heap the other lacks does not predict alike: a later observation would differ.")]
    public void LiveHeapMakesStatesDiffer()
    {
        var withHeap = (PanthorState)FileWithVm().PanthorHeapCreate("A", "vm", "h").State;
        var without = (PanthorState)FileWithVm().State;
        Assert.That((withHeap.PredictsLike(without), without.PredictsLike(withHeap)), Is.EqualTo((false, false)));
    }

    [Test, Description("A number both states hold but with different values makes them differ: a later op may name that symbol.")]
    public void SharedSymbolWithAnotherNumberMakesStatesDiffer()
    {
        var s = (PanthorState)FileWithVm().State;
        var renumbered = s with { Numbers = s.Numbers.SetItem("vm", 7) };
        Assert.That(s.PredictsLike(renumbered), Is.False);
        Assert.That(s.PredictsLike(s with { }), Is.True, "a copy predicts like its original");
    }
}
