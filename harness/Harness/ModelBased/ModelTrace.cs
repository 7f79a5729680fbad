using HilHarness.Model;

namespace HilHarness.ModelBased;

/// <summary>
/// The model walked over a sequence, step by step: the state before each step and the prediction for each single-op
/// step, as the generator computed them while checking preconditions. The runner judges a board's results against
/// it instead of applying the model a second time; the model is a pure function, so the predictions are the same.
/// </summary>
public sealed class ModelTrace
{
    private readonly ModelState[] _states;
    private readonly StepPrediction?[] _predictions;

    /// <param name="states">The state before each step, then the state after the last: one more than the steps.</param>
    /// <param name="predictions">Per step, its prediction, or null for a race (predicted from the board's results).</param>
    public ModelTrace(ModelState[] states, StepPrediction?[] predictions, ModelWalk final)
    {
        if (states.Length != predictions.Length + 1)
            throw new ArgumentException($"a trace of {predictions.Length} steps needs {predictions.Length + 1} states, got {states.Length}", nameof(states));
        _states = states;
        _predictions = predictions;
        Final = final;
    }

    /// <summary>Steps traced.</summary>
    public int Count => _predictions.Length;

    /// <summary>The walk after the last step (the cleanup tail is built from it).</summary>
    public ModelWalk Final { get; }

    public ModelState Before(int step) => _states[step];

    public ModelState After(int step) => _states[step + 1];

    public StepPrediction? Prediction(int step) => _predictions[step];
}
