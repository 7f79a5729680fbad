using HilHarness.Model.Drm;
using HilHarness.Model.Panthor;
using HilHarness.Model.Vc4;

namespace HilHarness.Model;

/// <summary>
/// The specification of what upstream vc4 and panthor do (kernel-facts.md), as a pure function from a state and an
/// op to a new state and a prediction. Shares no code with the simulated kernel (design.md rule 1).
/// </summary>
public static class ReferenceModel
{
    public static ModelState Initial(BoardSemantics semantics) => semantics.Driver switch
    {
        "vc4" => Vc4Power.Settled(Vc4State.Initial(semantics)),
        "panthor" => PanthorState.Initial(semantics),
        _ when DrmCoreDriver.Find(semantics.Driver) is not null => DrmCoreState.Initial(semantics),
        _ => throw new ArgumentException($"the model knows vc4, panthor and the DRM core of {string.Join(", ", DrmCoreDriver.Names)}, not '{semantics.Driver}'", nameof(semantics)),
    };

    public static (ModelState State, StepPrediction Prediction) Apply(ModelState state, ModelOp op) => state switch
    {
        Vc4State v => Vc4Power.WithRuntimePm(op, Vc4Model.Apply(v, op)),
        PanthorState p => PanthorModel.Apply(p, op),
        DrmCoreState d => DrmCoreModel.Apply(d, op),
        _ => throw new ArgumentException($"unknown model state {state.GetType().Name}", nameof(state)),
    };

    /// <summary><see cref="Apply"/>, or null with the reason when the model refuses to predict the op's outcome on this
    /// state (a precondition that is not an argument error), without throwing: a generator proposes such ops often.</summary>
    public static (ModelState State, StepPrediction Prediction)? TryApply(ModelState state, ModelOp op, out string? refusal)
    {
        refusal = null;
        if (state is not Vc4State v) return Apply(state, op);
        return Vc4Model.TryApply(v, op, out refusal) is { } step ? Vc4Power.WithRuntimePm(op, step) : null;
    }

    /// <summary>Whether <paramref name="op"/> is one the model predicts on this state's driver.</summary>
    public static bool Knows(ModelState state, string op) => state switch
    {
        Vc4State => Vc4Model.Ops.Contains(op),
        PanthorState => PanthorModel.Ops.Contains(op),
        DrmCoreState => DrmCoreModel.Ops.Contains(op),
        _ => false,
    };
}
