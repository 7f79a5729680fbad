using System.Text;
using HilHarness.BoardAgent.Hosting;
using HilHarness.BoardAgent.Native;
using HilHarness.BoardAgent.Protocol;
using HilHarness.SimKernel;
using HilHarness.SimKernel.Core;
using HilHarness.Uapi;

// hil-agent: JSON Lines on stdin/stdout (docs/protocol.md); diagnostics on stderr only.
var options = AgentOptions.Parse(args, out var error);
if (options is null)
{
    Console.Error.WriteLine($"hil-agent: {error}");
    Console.Error.WriteLine(AgentOptions.Usage);
    return 2;
}

// Exit 129 (as SIGHUP would) when whoever started us is gone: a hung ioctl must not leave orphans on the board.
ParentWatchdog.Start(TimeSpan.FromSeconds(2), exitCode: 129);

var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);
var stdout = new StreamWriter(Console.OpenStandardOutput(), utf8, 64 * 1024) { AutoFlush = false };
var stdin = new PipeTextReader(Console.OpenStandardInput());

IKernel kernel;
// Set once the loop exists; a simulated oops before that has no reply lines to flush.
AgentLoop? loop = null;
if (options.SimSpec is { } spec)
{
    try
    {
        kernel = SimulatedKernel.Create(spec, new SimOptions
        {
            StateDirectory = options.SimState,
            // A real oops kills the calling process; the host sees the death and the oops in the kernel log.
            OnOops = summary =>
            {
                // Batch progress lines may be held for a moment on a simulated kernel (ReplyChannel); none may be lost.
                loop?.Dispatcher.Channel.Flush();
                stdout.Flush();
                Console.Error.WriteLine($"hil-agent: simulated kernel oops: {summary}");
                Environment.Exit(139);
            },
        });
    }
    catch (Exception e) when (e is SimProfileException or IOException or UnauthorizedAccessException)
    {
        Console.Error.WriteLine($"hil-agent: --kernel {options.Kernel}: {e.Message}");
        return 2;
    }
}
else
{
    kernel = new LinuxKernel();
}

using (kernel)
{
    var session = new AgentSession(kernel, kernel as ISimControl);
    loop = new AgentLoop(session, stdin, stdout, options.MaxLineBytes);
    return loop.Run();
}
