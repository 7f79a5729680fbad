using HilHarness.Uapi;
using static HilHarness.Model.StepPrediction;

namespace HilHarness.Model.Vc4;

/// <summary>The BO-level vc4 ioctls: LABEL_BO (kernel-facts A.10), GEM_MADVISE (A.9), tiling and GET_PARAM (A.11).</summary>
internal static class Vc4BoModel
{
    public static (Vc4State, StepPrediction) Label(Vc4State s, ModelOp op, string file)
    {
        // The agent derives len from the name unless the step gives it: len 0 first, then the name, then the handle.
        var nameArg = op.Arg("name");
        long len = op.Arg("len")?.Number ?? nameArg?.Text?.Length ?? op.Arg("name_bytes")?.DecodeBytes().Length ?? 0;
        if (len == 0) return (s, Fail(op.Op, Errno.EINVAL));
        if (op.Arg("name")?.Number is not null) return (s, Fail(op.Op, Errno.EFAULT));
        var raw = op.Arg("name_bytes")?.DecodeBytes();
        // strndup_user(name, len + 1) needs a NUL within len + 1 bytes (kernel-facts A.10).
        if (raw is not null && Array.IndexOf(raw, (byte)0, 0, (int)Math.Min(raw.Length, len + 1)) < 0) return (s, Fail(op.Op, Errno.EINVAL));
        var bo = s.Handle(file, op.Sym("handle"));
        if (bo is null) return (s, Fail(op.Op, Errno.ENOENT));
        string label = nameArg?.Text ?? System.Text.Encoding.UTF8.GetString(raw!, 0, Array.IndexOf(raw!, (byte)0));
        return (s with { Bos = s.Bos.SetItem(bo.Symbol, bo with { Label = label }) }, Success(op.Op));
    }

    public static (Vc4State, StepPrediction) Madvise(Vc4State s, ModelOp op, string file)
    {
        long madv = op.Num("madv");
        if (madv is not (0 or 1) || op.Num("pad") != 0) return (s, Fail(op.Op, Errno.EINVAL));
        var bo = s.Handle(file, op.Sym("handle"));
        if (bo is null) return (s, Fail(op.Op, Errno.ENOENT));
        if (bo.Madv == Vc4Madv.NotSupported) return (s, Fail(op.Op, Errno.EINVAL));
        // A purged BO stays purged; retained reports whether it was (kernel-facts A.9). Pool membership follows from
        // madv and usecnt, which the bo_stats prediction derives.
        var next = bo.Madv == Vc4Madv.Purged ? bo : bo with { Madv = (Vc4Madv)madv };
        return (s with { Bos = s.Bos.SetItem(bo.Symbol, next) },
            Success(op.Op).WithOut("retained", new ExactValue(bo.Madv == Vc4Madv.Purged ? 0UL : 1UL)));
    }

    public static (Vc4State, StepPrediction) SetTiling(Vc4State s, ModelOp op, string file)
    {
        ulong modifier = (ulong)op.Num("modifier");
        if (op.Num("flags") != 0 || modifier is not (0 or Vc4Model.TTiledModifier)) return (s, Fail(op.Op, Errno.EINVAL));
        var bo = s.Handle(file, op.Sym("handle"));
        if (bo is null) return (s, Fail(op.Op, Errno.ENOENT));
        return (s with { Bos = s.Bos.SetItem(bo.Symbol, bo with { TilingModifier = modifier }) }, Success(op.Op));
    }

    public static (Vc4State, StepPrediction) GetTiling(Vc4State s, ModelOp op, string file)
    {
        if (op.Num("flags") != 0 || op.Num("modifier") != 0) return (s, Fail(op.Op, Errno.EINVAL));
        var bo = s.Handle(file, op.Sym("handle"));
        if (bo is null) return (s, Fail(op.Op, Errno.ENOENT));
        return (s, Success(op.Op).WithOut("modifier", new ExactValue(bo.TilingModifier)));
    }

    /// <summary>Params 0–2 are IDENT registers (board-specific), 3–8 feature flags that read 1 (kernel-facts A.11).</summary>
    public static (Vc4State, StepPrediction) GetParam(Vc4State s, ModelOp op)
    {
        long param = op.Num("param");
        if (op.Num("pad") != 0 || param is < 0 or > 8) return (s, Fail(op.Op, Errno.EINVAL));
        return (s, Success(op.Op).WithOut("value", param <= 2 ? new AnyValue() : new ExactValue(1)));
    }
}
