using HilHarness.Inventory;
using HilHarness.Transport;

namespace HilHarness.Qemu;

/// <summary>
/// The transport of a <c>qemu</c> board: powering on boots the guest (<see cref="QemuVm"/>), after which every
/// command goes through <see cref="OpenSshTransport"/> to the forwarded loopback port as the guest's non-root user,
/// with the host key this boot generated pinned in its own known_hosts. So deploy, leases, the agent and crash
/// probes reach a VM exactly as they reach a board on the bench. Disposing powers the guest off.
/// </summary>
public sealed class QemuTransport(BoardRecord board, string instanceDirectory) : ISelfPoweredTransport
{
    private readonly QemuBoardOptions _options = board.Qemu ?? new QemuBoardOptions();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private QemuVm? _vm;
    private OpenSshTransport? _ssh;
    private bool _disposed;

    public QemuTransport(BoardRecord board) : this(board, DefaultInstanceDirectory(board.Name)) { }

    public string BoardName => board.Name;

    /// <summary>The running guest, or null before power-on and after power-off.</summary>
    public QemuVm? Vm => _vm;

    /// <summary>Per board and process: two runs on one host never share a guest's keys or share folder.</summary>
    public static string DefaultInstanceDirectory(string boardName) =>
        Path.Combine(Path.GetTempPath(), $"hil-qemu-{boardName}-{Environment.ProcessId}");

    /// <summary>The ssh view of the booted guest: loopback, the forwarded port, the guest's test user, and the
    /// instance's client key and pinned host key.</summary>
    public static BoardRecord SshRecordFor(BoardRecord board, QemuVm vm) => board with
    {
        Kind = BoardKinds.Ssh, Host = "127.0.0.1", Port = vm.SshPort, User = vm.User,
        IdentityFile = vm.ClientKeyFile, KnownHosts = vm.KnownHostsFile, AcceptNewHostKey = false, JumpHost = null,
    };

    public async Task PowerOnAsync(CancellationToken cancellationToken) => await SshAsync(cancellationToken).ConfigureAwait(false);

    public async Task<IRemoteProcess> StartAsync(IReadOnlyList<string> argv, CancellationToken cancellationToken) =>
        await (await SshAsync(cancellationToken).ConfigureAwait(false)).StartAsync(argv, cancellationToken).ConfigureAwait(false);

    public async Task<CommandResult> RunAsync(string script, TimeSpan timeout, CancellationToken cancellationToken, byte[]? standardInput = null) =>
        await (await SshAsync(cancellationToken).ConfigureAwait(false)).RunAsync(script, timeout, cancellationToken, standardInput).ConfigureAwait(false);

    public async Task UploadAsync(IReadOnlyList<UploadFile> files, string remoteDirectory, TimeSpan timeout, CancellationToken cancellationToken) =>
        await (await SshAsync(cancellationToken).ConfigureAwait(false)).UploadAsync(files, remoteDirectory, timeout, cancellationToken).ConfigureAwait(false);

    /// <summary>Stops the ssh control master, then powers the guest off (QEMU is killed if it does not stop).</summary>
    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            _disposed = true;
            if (_ssh is not null)
                await _ssh.DisposeAsync().ConfigureAwait(false);
            if (_vm is not null)
                await _vm.DisposeAsync().ConfigureAwait(false);
            _ssh = null;
            _vm = null;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<OpenSshTransport> SshAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_ssh is not null)
                return _ssh;
            try
            {
                _vm = await QemuVm.StartAsync(_options, instanceDirectory, cancellationToken).ConfigureAwait(false);
            }
            catch (QemuVmException e)
            {
                throw new InfraException(board.Name, InfraErrorKind.Power, $"{board.Origin}: booting the qemu board failed: {e.Message}", e);
            }
            _ssh = new OpenSshTransport(SshRecordFor(board, _vm));
            return _ssh;
        }
        finally
        {
            _gate.Release();
        }
    }
}
