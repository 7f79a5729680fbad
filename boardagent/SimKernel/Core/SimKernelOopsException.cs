namespace HilHarness.SimKernel.Core;

/// <summary>
/// A simulated oops killed the calling syscall. In the agent this ends the process (a real oops never returns to
/// user space); in unit tests of the simulated kernel it surfaces as this exception.
/// </summary>
public sealed class SimKernelOopsException(string summary) : Exception(summary);
