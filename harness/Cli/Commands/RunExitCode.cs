using HilHarness.Verdicts;

namespace HilHarness.Cli.Commands;

/// <summary>
/// <c>hil run</c>'s exit code from its outcomes: 1 when the kernel failed anywhere (ProductFail or KernelHealth),
/// else 2 when only infrastructure failed, else 0 (every case passed or did not apply). A kernel failure outranks
/// infrastructure trouble on other boards, because it is what a developer must look at. 2 is also the usage-error
/// code: either way, the run says nothing about the kernel.
/// </summary>
public static class RunExitCode
{
    public const int Passed = 0, KernelFailure = 1, InfrastructureOnly = 2;

    public static int From(IEnumerable<Outcome> outcomes)
    {
        bool infra = false;
        foreach (var outcome in outcomes)
        {
            if (outcome is Outcome.ProductFail or Outcome.KernelHealth) return KernelFailure;
            infra |= outcome == Outcome.InfraError;
        }
        return infra ? InfrastructureOnly : Passed;
    }
}
