namespace HilHarness.Qemu;

/// <summary>The VM could not be booted, reached or stopped. The message names the instance folder and carries the
/// tail of the serial console and of the guest's init log, which say why.</summary>
public sealed class QemuVmException : Exception
{
    public QemuVmException(string message) : base(message) { }

    public QemuVmException(string message, Exception inner) : base(message, inner) { }

    public QemuVmException() { }
}
