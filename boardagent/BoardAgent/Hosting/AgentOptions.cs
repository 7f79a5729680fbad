using System.Globalization;
using HilHarness.BoardAgent.Protocol;

namespace HilHarness.BoardAgent.Hosting;

/// <summary>The command line of <c>dotnet hil-agent.dll</c> (docs/protocol.md).</summary>
public sealed record AgentOptions(string Kernel, string? SimState, int MaxLineBytes)
{
    public const string Usage =
        "usage: dotnet hil-agent.dll [--kernel linux|sim:<profile>[+E<n>...]] [--sim-state DIR] [--max-line BYTES]";

    /// <summary>The simulated profile spec, or null for the real kernel.</summary>
    public string? SimSpec => Kernel.StartsWith("sim:", StringComparison.Ordinal) ? Kernel[4..] : null;

    /// <summary>Parses the arguments; a problem is returned as a message (the caller prints it and exits 2).</summary>
    public static AgentOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        string kernel = "linux";
        string? simState = null;
        int maxLine = AgentLoop.DefaultMaxLineBytes;
        error = null;
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (arg is not ("--kernel" or "--sim-state" or "--max-line"))
            {
                error = $"unknown argument '{arg}'";
                return null;
            }
            if (i + 1 >= args.Count)
            {
                error = $"{arg} needs a value";
                return null;
            }
            string value = args[++i];
            switch (arg)
            {
                case "--kernel":
                    if (value != "linux" && !(value.StartsWith("sim:", StringComparison.Ordinal) && value.Length > 4))
                    {
                        error = $"--kernel '{value}': expected linux or sim:<profile>";
                        return null;
                    }
                    kernel = value;
                    break;
                case "--sim-state":
                    simState = value;
                    break;
                default:
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out maxLine) || maxLine < 64)
                    {
                        error = $"--max-line '{value}': expected a byte count of at least 64";
                        return null;
                    }
                    break;
            }
        }
        if (simState is not null && !kernel.StartsWith("sim:", StringComparison.Ordinal))
        {
            error = "--sim-state only applies to --kernel sim:<profile>";
            return null;
        }
        return new AgentOptions(kernel, simState, maxLine);
    }
}
