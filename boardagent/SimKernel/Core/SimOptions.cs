namespace HilHarness.SimKernel.Core;

/// <summary>How the simulated kernel is hosted.</summary>
public sealed class SimOptions
{
    /// <summary>Where kmsg and taint persist across agent restarts on the same simulated board (null: in memory).</summary>
    public string? StateDirectory { get; init; }

    /// <summary>Whether the caller is root (GET_HANG_STATE is DRM_ROOT_ONLY; debugfs needs root).</summary>
    public bool IsRoot { get; init; } = true;

    /// <summary>
    /// Called when a simulated oops kills the current syscall. The agent passes an action that flushes its output
    /// and exits the process (as a real oops would kill it); the default returns and the caller throws
    /// <see cref="SimKernelOopsException"/>.
    /// </summary>
    public Action<string> OnOops { get; init; } = _ => { };
}
