namespace HilHarness.SimKernel.Core;

/// <summary>A dma_fence: signalled once, by a completing job (or already signalled at creation).</summary>
public sealed class SimFence(bool signaled = false)
{
    private List<Action>? callbacks;

    public bool Signaled { get; private set; } = signaled;

    /// <summary>dma_fence_signal(): runs the callbacks once.</summary>
    public void Signal()
    {
        if (Signaled) return;
        Signaled = true;
        var pending = callbacks;
        callbacks = null;
        pending?.ForEach(c => c());
    }

    /// <summary>dma_fence_add_callback(): runs now if already signalled.</summary>
    public void OnSignaled(Action callback)
    {
        if (Signaled) callback();
        else (callbacks ??= []).Add(callback);
    }
}

/// <summary>A DRM syncobj: a container whose current fence can be replaced (binary) or that holds a timeline.</summary>
public sealed class SimSyncobj
{
    /// <summary>The current fence; null means "no fence" (a wait without WAIT_FOR_SUBMIT fails with EINVAL).</summary>
    public SimFence? Fence { get; set; }

    /// <summary>Timeline points and their fences, for timeline syncobjs.</summary>
    public SortedDictionary<ulong, SimFence> Points { get; } = [];
}
