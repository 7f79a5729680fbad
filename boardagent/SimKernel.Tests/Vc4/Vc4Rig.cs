using System.Runtime.InteropServices;
using HilHarness.SimKernel.Core;
using HilHarness.SimKernel.Vc4;
using HilHarness.Uapi;
using HilHarness.Uapi.Vc4;

namespace HilHarness.SimKernel.Tests.Vc4;

/// <summary>
/// A simulated vc4 device for unit tests, driven directly through <see cref="ISimDriver"/> the way the simulated DRM
/// core drives it: files opened and closed (postclose at the last reference), ioctls with the kernel-sized struct,
/// and every call entered through the machine's <see cref="SimCpu"/> so armed races interleave.
/// </summary>
public sealed class Vc4Rig
{
    private int nextClient = 1;

    public Vc4Rig(string spec = "rpi3-6.12")
        : this(SimProfile.Resolve(spec))
    {
    }

    public Vc4Rig(SimProfile profile)
    {
        Machine = new SimMachine(profile, new SimOptions());
        Driver = new Vc4Driver(Machine);
    }

    public SimMachine Machine { get; }

    public Vc4Driver Driver { get; }

    public SimDrmFile Open()
    {
        var file = new SimDrmFile(nextClient++, renderNode: true);
        Driver.Open(file);
        return file;
    }

    /// <summary>drm_file_free(): handles first, then postclose.</summary>
    public void Close(SimDrmFile file)
    {
        file.ReleaseAllHandles();
        Driver.PostClose(file);
    }

    public Errno Ioctl<T>(SimDrmFile file, IoctlDefinition ioctl, ref T args) where T : unmanaged
    {
        Machine.Cpu.Enter();
        try
        {
            return Driver.Ioctl(file, ioctl, MemoryMarshal.AsBytes(MemoryMarshal.CreateSpan(ref args, 1))).Errno;
        }
        finally
        {
            Machine.Cpu.Exit();
        }
    }

    public Errno CreateBo(SimDrmFile file, uint size, out uint handle)
    {
        var a = new drm_vc4_create_bo { size = size };
        var errno = Ioctl(file, Vc4Ioctls.CreateBo, ref a);
        handle = a.handle;
        return errno;
    }

    public uint CreateBo(SimDrmFile file, uint size)
    {
        var errno = CreateBo(file, size, out var handle);
        if (errno != Errno.None) throw new InvalidOperationException($"CREATE_BO size {size} failed: {errno}");
        return handle;
    }

    public Errno CreateShaderBo(SimDrmFile file, ReadOnlySpan<byte> code, out uint handle, uint flags = 0, uint pad = 0, uint? size = null)
    {
        using var buffer = UserMemory.CopyOf(code);
        var a = new drm_vc4_create_shader_bo { size = size ?? (uint)code.Length, flags = flags, pad = pad, data = (ulong)buffer.Address };
        var errno = Ioctl(file, Vc4Ioctls.CreateShaderBo, ref a);
        handle = a.handle;
        return errno;
    }

    public Errno GemClose(SimDrmFile file, uint handle) => file.DeleteHandle(handle) ? Errno.None : Errno.EINVAL;

    public Errno Madvise(SimDrmFile file, uint handle, uint madv, out uint retained, uint pad = 0)
    {
        var a = new drm_vc4_gem_madvise { handle = handle, madv = madv, pad = pad };
        var errno = Ioctl(file, Vc4Ioctls.GemMadvise, ref a);
        retained = a.retained;
        return errno;
    }

    public Errno Label(SimDrmFile file, uint handle, string name)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(name + "\0");
        using var buffer = UserMemory.CopyOf(bytes);
        var a = new drm_vc4_label_bo { handle = handle, len = (uint)(bytes.Length - 1), name = (ulong)buffer.Address };
        return Ioctl(file, Vc4Ioctls.LabelBo, ref a);
    }

    public Errno PerfmonCreate(SimDrmFile file, out uint id, params byte[] events)
    {
        var a = new drm_vc4_perfmon_create { ncounters = (uint)events.Length };
        unsafe
        {
            for (int i = 0; i < Math.Min(events.Length, 16); i++) a.events[i] = events[i];
        }
        var errno = Ioctl(file, Vc4Ioctls.PerfmonCreate, ref a);
        id = a.id;
        return errno;
    }

    /// <summary>Submits <paramref name="job"/> with its command lists in live user memory.</summary>
    public Errno Submit(SimDrmFile file, Vc4TestJob job, out ulong seqno)
    {
        using var bin = UserMemory.CopyOf(job.BinCl);
        using var shaderRec = UserMemory.CopyOf(job.ShaderRecords);
        using var uniforms = UserMemory.CopyOf(job.Uniforms);
        using var handles = UserMemory.CopyOf(MemoryMarshal.AsBytes(job.Handles.AsSpan()));
        var a = job.Args;
        a.bin_cl = (ulong)bin.Address;
        a.bin_cl_size = (uint)job.BinCl.Length;
        a.shader_rec = (ulong)shaderRec.Address;
        a.shader_rec_size = (uint)job.ShaderRecords.Length;
        a.uniforms = (ulong)uniforms.Address;
        a.uniforms_size = (uint)job.Uniforms.Length;
        a.bo_handles = job.HandlesAddress ?? (ulong)handles.Address;
        a.bo_handle_count = job.HandleCount ?? (uint)job.Handles.Length;
        var errno = Ioctl(file, Vc4Ioctls.SubmitCl, ref a);
        seqno = a.seqno;
        return errno;
    }

    public ulong Submit(SimDrmFile file, Vc4TestJob job)
    {
        var errno = Submit(file, job, out var seqno);
        if (errno != Errno.None) throw new InvalidOperationException($"SUBMIT_CL failed: {errno}");
        return seqno;
    }

    public string BoStats => Driver.ReadDebugfs("bo_stats") ?? "";

    public string Kmsg => string.Concat(Machine.Kmsg.ReadFrom(0));

    public void Advance(long ns) => Machine.Clock.Advance(ns);
}
