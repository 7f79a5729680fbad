using System.Runtime.InteropServices;
using HilHarness.BoardAgent.Clients;
using HilHarness.Uapi;
using HilHarness.Uapi.Panthor;
using HilHarness.Uapi.Vc4;
using NUnit.Framework;
using static HilHarness.BoardAgent.Tests.Protocol.InProcessAgent;
using FakeKernel = HilHarness.BoardAgent.Tests.Protocol.FakeKernel;

namespace HilHarness.BoardAgent.Tests.Clients;

[TestFixture]
public sealed class PointerConventionTests
{
    private const string OpenCard = "{\"id\":0,\"op\":\"open\",\"args\":{\"path\":\"/dev/dri/card0\"}}";

    /// <summary>Runs one ioctl op on fd 3 and returns the struct the kernel received, read while the call's user
    /// buffers are still alive (pointers are dereferenced inside <paramref name="inspect"/>).</summary>
    private static (System.Text.Json.Nodes.JsonObject Reply, T Sent) Send<T>(string op, string args, Func<Span<byte>, SyscallResult>? kernelSide = null)
        where T : unmanaged
    {
        T sent = default;
        var kernel = new FakeKernel("x")
        {
            OnIoctl = (_, _, arg) =>
            {
                sent = MemoryMarshal.Read<T>(arg);
                return kernelSide?.Invoke(arg) ?? SyscallResult.Success();
            },
        };
        var replies = Run(kernel, OpenCard, $"{{\"id\":1,\"op\":\"{op}\",\"args\":{{\"fd\":3,{args}}}}}");
        return (replies[1], sent);
    }

    [Test]
    [Description("submit_cl: base64 CLs and bo_handles derive their sizes/counts, an explicit size wins, and absent surfaces are hindex ~0.")]
    public void SubmitClDerivesSizesAndNoSurface()
    {
        var (reply, sent) = Send<drm_vc4_submit_cl>("vc4.submit_cl",
            "\"bin_cl\":\"AQIDBA==\",\"uniforms\":\"AQ==\",\"uniforms_size\":64,\"bo_handles\":[1,2,3],\"color_write\":{\"hindex\":1,\"bits\":5},\"clear_color\":[7,8]");
        Assert.That(reply["ok"]!.GetValue<bool>(), Is.True, reply.ToJsonString());
        Assert.That(sent.bin_cl_size, Is.EqualTo(4u));
        Assert.That(sent.uniforms_size, Is.EqualTo(64u), "the test's explicit size overrides the derived one");
        Assert.That(sent.bo_handle_count, Is.EqualTo(3u));
        Assert.That(sent.bin_cl, Is.Not.Zero);
        Assert.That(sent.color_read.hindex, Is.EqualTo(Vc4Client.NoSurface));
        Assert.That(sent.color_write.hindex, Is.EqualTo(1u));
        Assert.That(sent.color_write.bits, Is.EqualTo(5));
        Assert.That(reply["out"]!["clear_color"]!.AsArray().Select(n => n!.GetValue<ulong>()), Is.EqualTo(new ulong[] { 7, 8 }));
    }

    [Test]
    [Description("{\"addr\": N} passes a raw pointer untouched (for EFAULT tests) and derives no size.")]
    public void RawAddressPassesThrough()
    {
        var (_, sent) = Send<drm_vc4_create_shader_bo>("vc4.create_shader_bo", "\"data\":{\"addr\":4096}");
        Assert.That(sent.data, Is.EqualTo(4096ul));
        Assert.That(sent.size, Is.Zero);
    }

    [Test]
    [Description("label_bo sends a NUL-terminated name with len = strlen.")]
    public void LabelIsStrlenTerminated()
    {
        byte[] label = [];
        var kernel = new FakeKernel("x")
        {
            OnIoctl = (_, _, arg) =>
            {
                var v = MemoryMarshal.Read<drm_vc4_label_bo>(arg);
                label = new byte[v.len + 1];
                UserMemory.TryRead(v.name, label);
                return SyscallResult.Success();
            },
        };
        Run(kernel, OpenCard, "{\"id\":1,\"op\":\"vc4.label_bo\",\"args\":{\"fd\":3,\"handle\":1,\"name\":\"binner\"}}");
        Assert.That(label, Is.EqualTo("binner\0"u8.ToArray()));
    }

    [Test]
    [Description("vm_bind ops become an obj_array with stride = sizeof(drm_panthor_vm_bind_op) and nested syncs arrays.")]
    public void VmBindBuildsObjArray()
    {
        drm_panthor_vm_bind_op second = default;
        var (reply, sent) = Send<drm_panthor_vm_bind>("panthor.vm_bind",
            "\"vm_id\":1,\"ops\":[{\"flags\":1,\"size\":4096},{\"va\":8192,\"syncs\":[{\"flags\":2,\"handle\":9}]}]",
            arg =>
            {
                var bind = MemoryMarshal.Read<drm_panthor_vm_bind>(arg);
                var bytes = new byte[Marshal.SizeOf<drm_panthor_vm_bind_op>()];
                UserMemory.TryRead(bind.ops.array + bind.ops.stride, bytes);
                second = MemoryMarshal.Read<drm_panthor_vm_bind_op>(bytes);
                return SyscallResult.Success();
            });
        Assert.That(reply["ok"]!.GetValue<bool>(), Is.True, reply.ToJsonString());
        Assert.That(sent.ops.count, Is.EqualTo(2u));
        Assert.That(sent.ops.stride, Is.EqualTo((uint)Marshal.SizeOf<drm_panthor_vm_bind_op>()));
        Assert.That(second.va, Is.EqualTo(8192ul));
        Assert.That(second.syncs.count, Is.EqualTo(1u));
    }

    [Test]
    [Description("dev_query asks the size with pointer 0, then queries into a buffer of that size and decodes out.info by C field names.")]
    public void DevQueryNegotiatesSize()
    {
        int calls = 0;
        var kernel = new FakeKernel("panthor")
        {
            OnIoctl = (_, _, arg) =>
            {
                calls++;
                ref var q = ref MemoryMarshal.AsRef<drm_panthor_dev_query>(arg);
                if (q.pointer == 0) { q.size = 24; return SyscallResult.Success(); }
                var info = new drm_panthor_csif_info { csg_slot_count = 8, cs_slot_count = 4 };
                UserMemory.TryWrite(q.pointer, MemoryMarshal.AsBytes(new Span<drm_panthor_csif_info>(ref info)));
                return SyscallResult.Success();
            },
        };
        var reply = Run(kernel, OpenCard, "{\"id\":1,\"op\":\"panthor.dev_query\",\"args\":{\"fd\":3,\"type\":1}}")[1];
        Assert.That(calls, Is.EqualTo(2));
        Assert.That(reply["out"]!["size"]!.GetValue<uint>(), Is.EqualTo(24u));
        Assert.That(reply["out"]!["info"]!["csg_slot_count"]!.GetValue<uint>(), Is.EqualTo(8u));
    }

    [Test]
    [Description("drm.version makes the sizing call and the real one, and shows name/date/desc as strings.")]
    public void VersionShowsStrings()
    {
        var reply = Run(new FakeKernel("vc4"), OpenCard, "{\"id\":1,\"op\":\"drm.version\",\"args\":{\"fd\":3}}")[1];
        Assert.That(reply["out"]!["name"]!.GetValue<string>(), Is.EqualTo("vc4"));
        Assert.That(reply["out"]!["date"]!.GetValue<string>(), Is.EqualTo("20250101"));
        Assert.That(reply["out"]!["version_minor"]!.GetValue<int>(), Is.EqualTo(2));
    }

    [Test]
    [Description("A failed ioctl answers ok:true with rc -1, the errno and the struct as the kernel left it.")]
    public void FailedIoctlIsAResult()
    {
        var (reply, _) = Send<drm_vc4_create_bo>("vc4.create_bo", "\"size\":0", _ => SyscallResult.Fail(Errno.EINVAL));
        Assert.That(reply["ok"]!.GetValue<bool>(), Is.True);
        Assert.That(reply["rc"]!.GetValue<long>(), Is.EqualTo(-1));
        Assert.That(reply["errno"]!.GetValue<int>(), Is.EqualTo(22));
        Assert.That(reply["out"]!["handle"]!.GetValue<uint>(), Is.Zero);
    }
}
