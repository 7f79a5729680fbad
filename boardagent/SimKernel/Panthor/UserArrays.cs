using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using HilHarness.Uapi;
using HilHarness.Uapi.Panthor;

namespace HilHarness.SimKernel.Panthor;

/// <summary>copy_from_user/copy_to_user for panthor's object arrays and versioned objects (panthor_drv.c:
/// panthor_get_uobj_array, panthor_set_uobj).</summary>
internal static class UserArrays
{
    /// <summary>PANTHOR_UOBJ_GET_ARRAY: count 0 gives an empty array; a stride below <paramref name="minStride"/>
    /// is EINVAL; a smaller user stride is zero-extended, a larger one must have zero tail bytes (E2BIG).</summary>
    public static Errno Read<T>(in drm_panthor_obj_array array, int minStride, out T[] items) where T : unmanaged
    {
        items = [];
        if (array.count == 0) return Errno.None;
        if (array.stride < minStride) return Errno.EINVAL;
        int size = Unsafe.SizeOf<T>();
        var result = new T[array.count];
        var element = new byte[array.stride];
        for (uint i = 0; i < array.count; i++)
        {
            if (!UserMemory.TryRead(array.array + (ulong)i * array.stride, element)) return Errno.EFAULT;
            // copy_struct_from_user: bytes beyond the kernel's size must be zero.
            if (array.stride > size && element.AsSpan(size).ContainsAnyExcept((byte)0)) return Errno.E2BIG;
            var kernelCopy = new byte[size];
            element.AsSpan(0, Math.Min(size, (int)array.stride)).CopyTo(kernelCopy);
            result[i] = MemoryMarshal.Read<T>(kernelCopy);
        }
        items = result;
        return Errno.None;
    }

    /// <summary>PANTHOR_UOBJ_SET: a user size below the minimum is EINVAL; copy min(user, kernel) bytes, zero the
    /// rest of a larger user object.</summary>
    public static Errno Write(ulong pointer, uint userSize, int minSize, ReadOnlySpan<byte> kernelObject)
    {
        if (userSize < minSize) return Errno.EINVAL;
        int copy = (int)Math.Min(userSize, (uint)kernelObject.Length);
        if (!UserMemory.TryWrite(pointer, kernelObject[..copy])) return Errno.EFAULT;
        if (userSize > kernelObject.Length && !UserMemory.TryWrite(pointer + (ulong)kernelObject.Length, new byte[userSize - kernelObject.Length]))
            return Errno.EFAULT;
        return Errno.None;
    }

    /// <summary>strndup_user(): the NUL-terminated string at <paramref name="pointer"/>, EFAULT if unreadable and
    /// EINVAL if no NUL within <paramref name="max"/> bytes.</summary>
    public static Errno ReadString(ulong pointer, int max, out string text)
    {
        text = "";
        var bytes = new List<byte>();
        Span<byte> one = stackalloc byte[1];
        for (int i = 0; i < max; i++)
        {
            if (!UserMemory.TryRead(pointer + (ulong)i, one)) return Errno.EFAULT;
            if (one[0] == 0)
            {
                text = System.Text.Encoding.UTF8.GetString(bytes.ToArray());
                return Errno.None;
            }
            bytes.Add(one[0]);
        }
        return Errno.EINVAL;
    }

    public static byte[] Bytes<T>(in T value) where T : unmanaged
    {
        var bytes = new byte[Unsafe.SizeOf<T>()];
        MemoryMarshal.Write(bytes, in value);
        return bytes;
    }
}
