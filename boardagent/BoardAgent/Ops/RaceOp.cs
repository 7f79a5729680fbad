using System.Runtime.ExceptionServices;
using HilHarness.BoardAgent.Protocol;

namespace HilHarness.BoardAgent.Ops;

/// <summary>
/// <c>race</c> (docs/protocol.md, "Races"): one thread per step (parked between races), all released together by a barrier. On a
/// simulated kernel the seed is armed first, so the interleaving at the driver's preemption points repeats.
/// </summary>
public static class RaceOp
{
    private static readonly string[] NotInRace = ["batch", "bye", "hello", "race"];

    /// <summary>More threads than this is a mistake, not a race.</summary>
    private const int MaxThreads = 64;

    /// <summary>Racer threads live as long as the agent (races of one agent never overlap).</summary>
    private static readonly RacerPool Racers = new();

    public static void Register(OpTable table) => table.Add("race", Run);

    private static void Run(OpContext context)
    {
        context.AllowOnly(["seed", "steps"]);
        int seed = (int)context.IntegerOr("seed", 0, int.MinValue, int.MaxValue);
        var steps = BatchOp.ReadSteps(context.RequireArg("steps"), "steps", NotInRace);
        if (steps.Length is < 1 or > MaxThreads) throw ProtocolException.BadArgs("steps", $"a race has 1..{MaxThreads} steps, got {steps.Length}");

        var dispatcher = context.Dispatcher;
        context.Session.Simulation?.ArmRace(steps.Length, seed);
        var buffers = new StepBuffer[steps.Length];
        for (int i = 0; i < steps.Length; i++) buffers[i] = dispatcher.Rent();
        var failures = new ExceptionDispatchInfo?[steps.Length];
        try
        {
            using var start = new Barrier(steps.Length);
            Racers.Run(steps.Length, index =>
            {
                try
                {
                    // A simulated kernel orders racers by step index, so one seed gives one interleaving.
                    HilHarness.SimKernel.Core.SimCpu.SetRaceSlot(index);
                    start.SignalAndWait();
                    dispatcher.Execute(buffers[index], steps[index].Op, steps[index].Args, context.Refs, context.RequestId);
                }
                catch (Exception e)
                {
                    failures[index] = ExceptionDispatchInfo.Capture(e);
                }
            });
            // A simulated oops in any thread ends the agent as it would end the process.
            foreach (var failure in failures) failure?.Throw();
            var writer = context.Writer;
            writer.WriteStartObject("out"u8);
            writer.WriteStartArray("results"u8);
            foreach (var buffer in buffers) writer.WriteRawValue(buffer.Body, skipInputValidation: true);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        finally
        {
            foreach (var buffer in buffers) dispatcher.Return(buffer);
        }
    }
}
