using System.Runtime.InteropServices;

namespace HilHarness.Uapi;

/// <summary>
/// Native buffers that ioctl arguments point at (command lists, handle arrays, label strings). On a real kernel the
/// address is simply passed to the driver. A simulated kernel uses <see cref="TryRead"/> and <see cref="TryWrite"/>
/// as copy_from_user/copy_to_user: an address outside every live buffer is EFAULT, as on a real kernel.
/// </summary>
public static unsafe class UserMemory
{
    private static readonly Lock Gate = new();
    private static readonly SortedList<ulong, ulong> Live = []; // start -> length

    /// <summary>A native buffer; dispose it when the ioctl that uses it has returned.</summary>
    public sealed class Buffer : IDisposable
    {
        internal Buffer(nint address, int length) { Address = address; Length = length; }

        public nint Address { get; private set; }

        public int Length { get; }

        public Span<byte> Span => Address == 0 ? Span<byte>.Empty : new Span<byte>((void*)Address, Length);

        public void Dispose()
        {
            if (Address == 0) return;
            Unregister((ulong)Address);
            NativeMemory.Free((void*)Address);
            Address = 0;
        }
    }

    /// <summary>Allocates a zeroed buffer of <paramref name="length"/> bytes (at least one byte is allocated).</summary>
    public static Buffer Allocate(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var address = (nint)NativeMemory.AllocZeroed((nuint)Math.Max(length, 1));
        Register((ulong)address, (ulong)Math.Max(length, 1));
        return new Buffer(address, length);
    }

    /// <summary>A buffer holding a copy of <paramref name="data"/>.</summary>
    public static Buffer CopyOf(ReadOnlySpan<byte> data)
    {
        var buffer = Allocate(data.Length);
        data.CopyTo(buffer.Span);
        return buffer;
    }

    /// <summary>Makes [address, address+length) readable by a simulated kernel (e.g. a simulated mmap).</summary>
    public static void Register(ulong address, ulong length)
    {
        lock (Gate) Live[address] = length;
    }

    /// <summary>Forgets a region registered at <paramref name="address"/>.</summary>
    public static void Unregister(ulong address)
    {
        lock (Gate) Live.Remove(address);
    }

    /// <summary>True if [address, address+length) lies inside one live region.</summary>
    public static bool IsValid(ulong address, ulong length)
    {
        if (length == 0) return true;
        lock (Gate)
        {
            var keys = Live.Keys;
            int lo = 0, hi = keys.Count - 1, found = -1;
            while (lo <= hi)
            {
                int mid = (lo + hi) / 2;
                if (keys[mid] <= address) { found = mid; lo = mid + 1; }
                else hi = mid - 1;
            }
            if (found < 0) return false;
            ulong start = keys[found], len = Live.Values[found];
            return address - start <= len && length <= len - (address - start);
        }
    }

    /// <summary>copy_from_user: false (EFAULT) if the range is not user memory.</summary>
    public static bool TryRead(ulong address, Span<byte> destination)
    {
        if (!IsValid(address, (ulong)destination.Length)) return false;
        new ReadOnlySpan<byte>((void*)address, destination.Length).CopyTo(destination);
        return true;
    }

    /// <summary>copy_to_user: false (EFAULT) if the range is not user memory.</summary>
    public static bool TryWrite(ulong address, ReadOnlySpan<byte> source)
    {
        if (!IsValid(address, (ulong)source.Length)) return false;
        source.CopyTo(new Span<byte>((void*)address, source.Length));
        return true;
    }
}
