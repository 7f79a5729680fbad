using System.Text.Json.Nodes;
using HilHarness.Agent;
using HilHarness.Model;
using HilHarness.ModelBased;
using HilHarness.Uapi;

namespace HilHarness.Tests.ModelBased;

/// <summary>
/// A board with no agent and no simulated kernel: it answers each batch its runner planned by applying the reference
/// model to the plan's steps and writing back a result the model accepts (the out fields through
/// <see cref="FieldWitness"/>, every predicted observation), optionally <see cref="BoardMutation"/>-ed on the sequence's own steps. With no
/// mutation it is a board that agrees with the model by construction; with one it is a board with a known bug.
/// </summary>
internal sealed class ModelAnsweringBoard(SequenceRunner runner, AgentHello hello, BoardMutation? mutation) : IBoardSession
{
    public string BoardName => $"model-{hello.Drivers[0].Name}{(mutation is null ? "" : "-" + mutation.Name)}";

    public AgentHello Hello => hello;

    /// <summary>Batches this board answered.</summary>
    public int Batches { get; private set; }

    /// <summary>A hello as a simulated board of <paramref name="driver"/> on kernel <paramref name="release"/> says it.</summary>
    public static AgentHello HelloOf(string driver, string release) => new(
        1, "model-answering-board", release, "aarch64", "aarch64", "model", Simulated: true, Uid: 0,
        [new AgentDriver(driver, "/dev/dri/card0", null, new Version(1, 0, 0), "", driver)], KmsgWritable: true, Debugfs: true);

    public Task<BatchOutcome> RunBatchAsync(IReadOnlyList<AgentStep> steps, BatchOptions options, CancellationToken cancellationToken)
    {
        var plan = runner.PlanOf(steps)
            ?? throw new InvalidOperationException($"{BoardName}: answers only batches its SequenceRunner planned, got {steps.Count} other steps");
        Batches++;
        var state = ReferenceModel.Initial(runner.Generator.Semantics);
        var witness = new FieldWitness();
        int matching = 0;
        var results = new List<AgentStepResult>(plan.Steps.Count);
        for (int i = 0; i < plan.Steps.Count; i++)
        {
            var step = plan.Steps[i];
            // Only the sequence's own steps are mutated: the prologue and cleanup tail are the same in every run.
            bool own = i >= plan.PrologueLength && i < plan.PrologueLength + plan.Sequence.Steps.Count;
            AgentStepResult result;
            var last = StepPrediction.Success(step.Op.Op);
            if (step.IsRace)
            {
                var raced = new JsonArray();
                foreach (var op in step.Race!)
                {
                    (state, last) = ReferenceModel.Apply(state, op);
                    raced.Add(Json(Answer(last, witness, null)));
                }
                result = new AgentStepResult(true, 0, 0, "", new JsonObject { ["results"] = raced }, null, null);
                result = result with { Observe = Observe(options, last) };
            }
            else
            {
                (state, last) = ReferenceModel.Apply(state, step.Op);
                result = Answer(last, witness, Observe(options, last));
                if (mutation is not null && own && step.Op.Op == mutation.Op && mutation.Applies(result) && ++matching == mutation.Nth)
                    result = mutation.Change(result);
            }
            // As the host reads an agent: parsed from the line, so numbers are JSON numbers, not CLR ulongs.
            results.Add(AgentStepResult.FromJson(JsonNode.Parse(Json(result).ToJsonString())!.AsObject()));
        }
        return Task.FromResult(new BatchOutcome(results, null));
    }

    public Task<AgentStepResult> CallAsync(AgentStep step, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"{BoardName}: only batches a SequenceRunner planned are answered, not a single {step.Op}");

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static AgentStepResult Answer(StepPrediction p, FieldWitness witness, JsonObject? observe)
    {
        var @out = new JsonObject();
        if (p.Errno == Errno.None)
            foreach (var (field, expectation) in p.Out) @out[field] = witness.Pick(expectation);
        if (p.ExpectedData is { } data) @out["data"] = data;
        return p.Errno == Errno.None
            ? new AgentStepResult(true, 0, 0, "", @out, null, observe)
            : new AgentStepResult(true, -1, (int)p.Errno, ErrnoNames.Name((int)p.Errno), @out, null, observe);
    }

    /// <summary>A result as the agent writes it (a progress line's <c>result</c>, an element of a race's <c>out.results</c>).</summary>
    private static JsonObject Json(AgentStepResult r)
    {
        var json = new JsonObject { ["ok"] = r.Ok, ["rc"] = r.Rc, ["errno"] = r.Errno, ["errno_name"] = r.ErrnoName, ["out"] = r.Out?.DeepClone() };
        if (r.Observe is not null) json["observe"] = r.Observe.DeepClone();
        return json;
    }

    /// <summary>Every source the batch asked for: the model's expectation where it has one, a quiet kernel log.</summary>
    private static JsonObject? Observe(BatchOptions options, StepPrediction p)
    {
        if (options.ObserveAfterEach.Count == 0) return null;
        var observe = new JsonObject();
        foreach (var source in options.ObserveAfterEach)
        {
            var expected = p.Observations.FirstOrDefault(o => o.Source == source);
            observe[source] = expected switch
            {
                BoStatsExpectation b => new JsonObject
                {
                    ["labels"] = new JsonObject(b.Labels.Select(l => KeyValuePair.Create(l.Key,
                        (JsonNode?)new JsonObject { ["count"] = l.Value.CountMin, ["kb"] = l.Value.KbMin ?? 0 }))),
                },
                GemsExpectation g => new JsonObject
                {
                    ["objects"] = new JsonArray([
                        .. Enumerable.Repeat("Tiler heap chunk", g.TilerHeapChunks).Concat(Enumerable.Repeat("Heap pool", g.HeapPools))
                            .Select(label => (JsonNode)new JsonObject { ["label"] = label })]),
                },
                FdinfoExpectation f => new JsonObject { ["sizes"] = new JsonObject { [f.Key] = f.MinBytes } },
                NotObservable n => new JsonObject { ["unavailable"] = n.Reason },
                _ when source == "kmsg" => new JsonObject { ["next_seq"] = 0, ["records"] = new JsonArray() },
                _ => new JsonObject { ["unavailable"] = "the model predicts nothing for it" },
            };
        }
        return observe;
    }
}
