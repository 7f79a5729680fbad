using HilHarness.SimKernel.Core;
using HilHarness.Uapi;

namespace HilHarness.BoardAgent.Protocol;

/// <summary>
/// What one agent process holds between requests: the kernel it drives, the DRM files and mappings it opened (so
/// an fd or map id it did not hand out is refused), and where the previous kmsg observation stopped. Thread-safe:
/// a race runs ops from several threads.
/// </summary>
public sealed class AgentSession(IKernel kernel, ISimControl? simulation)
{
    private readonly Lock gate = new();
    private readonly Dictionary<int, string> openFiles = [];
    private readonly Dictionary<int, Mapping> mappings = [];
    private int nextMapId = 1;
    private IReadOnlyList<Session.DriverInfo>? drivers;
    private Observers.ObservationReader? observer;

    /// <summary>A live mmap: where it is, how long, and what it maps.</summary>
    public sealed record Mapping(int Id, nint Address, ulong Length, int Fd, bool Writable);

    public IKernel Kernel { get; } = kernel;

    /// <summary>The simulated kernel's controls, or null on a real kernel.</summary>
    public ISimControl? Simulation { get; } = simulation;

    /// <summary>Reads observation sources; it remembers where the previous kmsg read stopped, which is where the
    /// next observe starts when it names no <c>kmsg_from</c>.</summary>
    public Observers.ObservationReader Observer => observer ??= new Observers.ObservationReader(Kernel);

    /// <summary>The drivers under /dev/dri, discovered once (devices do not come and go while a test runs).</summary>
    public IReadOnlyList<Session.DriverInfo> Drivers
    {
        get
        {
            lock (gate) return drivers ??= Session.DriverDiscovery.Discover(Kernel);
        }
    }

    /// <summary>Set by <c>bye</c>: the loop stops after writing the reply.</summary>
    public bool ExitRequested { get; set; }

    public bool IsOpen(int fd)
    {
        lock (gate) return openFiles.ContainsKey(fd);
    }

    public void AddFile(int fd, string path)
    {
        lock (gate) openFiles[fd] = path;
    }

    public void RemoveFile(int fd)
    {
        lock (gate) openFiles.Remove(fd);
    }

    public string? PathOf(int fd)
    {
        lock (gate) return openFiles.GetValueOrDefault(fd);
    }

    public Mapping AddMapping(nint address, ulong length, int fd, bool writable)
    {
        lock (gate)
        {
            var mapping = new Mapping(nextMapId++, address, length, fd, writable);
            mappings[mapping.Id] = mapping;
            return mapping;
        }
    }

    public Mapping? FindMapping(long id)
    {
        lock (gate) return id is > 0 and <= int.MaxValue ? mappings.GetValueOrDefault((int)id) : null;
    }

    public void RemoveMapping(int id)
    {
        lock (gate) mappings.Remove(id);
    }
}
