using System.Globalization;
using System.Text.Json;
using HilHarness.Transport;

namespace HilHarness.Leases;

/// <summary>
/// The shell scripts that implement a lease on the board. <c>mkdir</c> is the atomic "create if absent" that
/// every POSIX system has; <c>mv</c> of the directory is the atomic "take it away", so of two runs breaking one
/// expired lease only one succeeds. Every script runs in the board's home.
/// </summary>
internal static class LeaseScripts
{
    public const string Directory = ".cache/hil-agent/lease";

    private static string Q(string s) => ShellQuote.Quote(s);

    private static string WriteRecord(LeaseOwner owner, long timeoutSeconds, string target) =>
        "printf " + Q("{\"owner\":%s,\"host\":%s,\"pid\":%s,\"token\":%s,\"acquired\":%s,\"expires\":%s}\\n") + " " +
        string.Join(' ',
            Q(Json(owner.Owner)), Q(Json(owner.Host)), owner.Pid.ToString(CultureInfo.InvariantCulture), Q(Json(owner.Token)),
            "\"$now\"", $"\"$((now + {timeoutSeconds.ToString(CultureInfo.InvariantCulture)}))\"") +
        $" > {target}";

    /// <summary>Prints <c>acquired</c>, or <c>held NOW AGE</c> followed by the holder's lease.json.</summary>
    public static string Acquire(LeaseOwner owner, long timeoutSeconds) =>
        $"umask 077; mkdir -p .cache/hil-agent || exit 3; d={Q(Directory)}; now=$(date +%s); " +
        $"if mkdir \"$d\" 2>/dev/null; then {WriteRecord(owner, timeoutSeconds, "\"$d/lease.json\"")} && echo acquired; " +
        "else age=$(( now - $(stat -c %Y \"$d\" 2>/dev/null || echo \"$now\") )); echo \"held $now $age\"; cat \"$d/lease.json\" 2>/dev/null; fi";

    /// <summary>Removes the lease only if it is still the one seen (its token), or an unwritten one older than the
    /// timeout (a run that died between mkdir and writing). Prints <c>broken</c> on success.</summary>
    public static string Break(string? expiredToken, long timeoutSeconds) =>
        $"d={Q(Directory)}; now=$(date +%s); " +
        (expiredToken is null
            ? $"if [ ! -s \"$d/lease.json\" ] && [ $(( now - $(stat -c %Y \"$d\" 2>/dev/null || echo \"$now\") )) -gt {timeoutSeconds} ]; "
            : $"if grep -qF {Q(expiredToken)} \"$d/lease.json\" 2>/dev/null; ") +
        "then mv \"$d\" \"$d.broken.$$\" 2>/dev/null && rm -rf \"$d.broken.$$\" && echo broken; fi; true";

    /// <summary>Pushes the expiry forward if the lease is still ours; prints <c>renewed</c> or <c>lost</c>.</summary>
    public static string Renew(LeaseOwner owner, long timeoutSeconds) =>
        $"umask 077; d={Q(Directory)}; now=$(date +%s); " +
        $"if grep -qF {Q(owner.Token)} \"$d/lease.json\" 2>/dev/null && {WriteRecord(owner, timeoutSeconds, "\"$d/lease.json.new\"")} && mv -f \"$d/lease.json.new\" \"$d/lease.json\"; " +
        "then echo renewed; else echo lost; cat \"$d/lease.json\" 2>/dev/null; fi";

    /// <summary>Removes the lease if it is ours; never someone else's.</summary>
    public static string Release(LeaseOwner owner) =>
        $"d={Q(Directory)}; if grep -qF {Q(owner.Token)} \"$d/lease.json\" 2>/dev/null; then mv \"$d\" \"$d.released.$$\" && rm -rf \"$d.released.$$\" && echo released; fi; true";

    /// <summary>Prints the current lease.json, if any, after the board's clock.</summary>
    public static string Show() => $"d={Q(Directory)}; echo \"now $(date +%s)\"; cat \"$d/lease.json\" 2>/dev/null; true";

    private static string Json(string value) => JsonSerializer.Serialize(value, LeaseJsonContext.Default.String);
}
