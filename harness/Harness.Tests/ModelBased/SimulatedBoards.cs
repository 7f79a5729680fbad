using HilHarness.Agent;
using HilHarness.Deploy;
using HilHarness.Model;
using HilHarness.ModelBased;
using HilHarness.Sessions;
using HilHarness.Transport;

namespace HilHarness.Tests.ModelBased;

/// <summary>The real agent on a simulated kernel, started through the local transport as a local board is; one
/// state directory per tester so a crash's kernel log is found by the crash probe.</summary>
internal sealed class SimulatedBoards(string home)
{
    public static string AgentDll() =>
        Path.Combine(AgentLocator.FindBuildOutput() ?? throw new InvalidOperationException("the BoardAgent build output is missing beside the tests"), AgentPackage.EntryAssembly);

    public async Task<IBoardSession> OpenAsync(string spec, CancellationToken cancellationToken)
    {
        var transport = new LocalTransport("sim-" + spec, home);
        var launch = new AgentLaunch("dotnet", AgentDll(), "sim:" + spec, "sim-state", Sudo: false);
        var options = new SessionOptions();
        return await BoardSession.StartAsync("sim-" + spec, transport, launch, options, new KmsgCrashProbe(transport, launch, options), cancellationToken);
    }

    /// <summary>A tester for <paramref name="spec"/> whose model semantics come from the board's own hello.</summary>
    public async Task<ModelBasedTester> TesterAsync(string spec, int batchLength = 100)
    {
        var first = await OpenAsync(spec, CancellationToken.None);
        string driver = first.Hello.Drivers[0].Name;
        var semantics = BoardSemantics.FromHello(first.Hello, driver);
        await first.DisposeAsync();
        IOpProposer proposer = driver == "vc4" ? new Vc4Proposer() : new PanthorProposer();
        var runner = new SequenceRunner(new SequenceGenerator(proposer, semantics));
        return new ModelBasedTester(runner, ct => OpenAsync(spec, ct)) { BatchLength = batchLength };
    }
}
