using System.Runtime.InteropServices;

namespace HilHarness.BoardAgent.Native;

/// <summary>
/// One open file descriptor. The SafeHandle reference count keeps the descriptor open while an ioctl or mmap on
/// another thread still uses it (a <c>race</c> step may close and ioctl at once): close(2) runs when the last user
/// lets go, so a number the kernel has already reused is never passed to ioctl.
/// </summary>
internal sealed class FileDescriptorHandle : SafeHandle
{
    internal FileDescriptorHandle(int fd) : base(invalidHandleValue: -1, ownsHandle: true) => SetHandle(fd);

    public override bool IsInvalid => handle < 0;

    /// <summary>The descriptor number the IKernel caller sees.</summary>
    internal int Number => (int)handle;

    /// <summary>The errno of the close(2) that released this descriptor, 0 if it succeeded or has not run.</summary>
    internal int CloseErrno { get; private set; }

    protected override bool ReleaseHandle()
    {
        int rc = Libc.Close((int)handle);
        // Linux frees the descriptor even when close fails (EINTR, EIO), so retrying would close a reused number.
        CloseErrno = rc == 0 ? 0 : Marshal.GetLastPInvokeError();
        return rc == 0;
    }
}
