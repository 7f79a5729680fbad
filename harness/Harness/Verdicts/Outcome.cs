namespace HilHarness.Verdicts;

/// <summary>The outcomes of design.md "Outcomes": how a test ends, for NUnit, reports and git bisect.</summary>
public enum Outcome
{
    /// <summary>The kernel matched the model at every step, with no new kernel warnings.</summary>
    Pass,
    /// <summary>The kernel disagreed with the model (rc, errno, out field, observed state).</summary>
    ProductFail,
    /// <summary>WARN/BUG/oops/KASAN or a new taint during the test.</summary>
    KernelHealth,
    /// <summary>Board unreachable, agent died without kernel evidence, a protocol error: never a kernel failure.</summary>
    InfraError,
    /// <summary>The board lacks the driver or feature.</summary>
    NotApplicable,
}
