using HilHarness.BoardAgent.Layout;
using HilHarness.BoardAgent.Protocol;

namespace HilHarness.BoardAgent.Clients;

/// <summary>Runs an <see cref="IoctlOp"/> for a request: fd check, args into the struct, the ioctl, and the reply
/// (rc, errno, errno_name, out = every field as the kernel left it).</summary>
public static class IoctlRunner
{
    public static OpHandler HandlerFor(IoctlOp op) => context => Run(op, context);

    public static void Run(IoctlOp op, OpContext context)
    {
        int fd = context.Fd();
        var call = IoctlCall.Begin(op, context, fd);
        try
        {
            op.Defaults?.Invoke(call.Top);
            call.Top.Fill(context.Args, "", op.Rules, skip: "fd");
            call.Top.ApplyDerived();
            var result = op.Sequence is null ? call.Invoke() : op.Sequence(call);
            call.Result = result;
            var writer = context.Writer;
            context.WriteSyscall(result);
            writer.WriteStartObject("out"u8);
            StructJson.WriteFields(writer, call.Top.Data, op.Shape, op.Rules.OutNames, op.Rules.ReplacedInOut);
            op.ExtraOut?.Invoke(call, writer);
            writer.WriteEndObject();
        }
        finally
        {
            call.End();
        }
    }
}
