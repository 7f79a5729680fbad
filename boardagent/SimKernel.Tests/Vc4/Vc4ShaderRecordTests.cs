using System.Buffers.Binary;
using HilHarness.SimKernel.Core;
using HilHarness.Uapi;
using NUnit.Framework;

namespace HilHarness.SimKernel.Tests.Vc4;

/// <summary>validate_gl_shader_rec(): a draw with one GL shader record is accepted, and the record checks refuse
/// the broken variants.</summary>
[TestFixture]
public sealed class Vc4ShaderRecordTests
{
    private Vc4Rig rig = null!;
    private SimDrmFile file = null!;
    private uint target, shader, uniformShader;

    [SetUp]
    public void SetUp()
    {
        rig = new Vc4Rig();
        file = rig.Open();
        target = rig.CreateBo(file, Vc4TestJob.TargetSize);
        Assert.That(rig.CreateShaderBo(file, Vc4Shaders.Minimal, out shader), Is.EqualTo(Errno.None));
        Assert.That(rig.CreateShaderBo(file, Vc4Shaders.ReadsOneUniform, out uniformShader), Is.EqualTo(Errno.None));
    }

    // Handles: 0 = render target (also the vertex buffer), 1 = fs, 2 = vs, 3 = cs.
    private Vc4TestJob Draw(uint vertices = 3, ushort shaderFlags = 1, byte stride = 16, uint fs = 0, uint uniformsSize = 0, uint recordCount = 1)
    {
        var job = Vc4TestJob.Clear(target);
        job.Handles = [target, fs == 0 ? shader : fs, shader, shader];
        byte[] shaderState = [64, 1, 0, 0, 0]; // one attribute, not extended
        var primitive = new byte[10];
        primitive[0] = 33;
        primitive[1] = 4; // triangles
        BinaryPrimitives.WriteUInt32LittleEndian(primitive.AsSpan(2), vertices);
        job.BinCl = [.. Vc4TestJob.BinningModeConfig(4, 1), 6, 56, 0x12, .. shaderState, .. primitive, 7, 4];
        var record = new byte[16 + 44];
        for (uint i = 0; i < 4; i++) BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan((int)i * 4), i == 3 ? 0 : i + 1);
        BinaryPrimitives.WriteUInt16LittleEndian(record.AsSpan(16), shaderFlags);
        record[16 + 36 + 4] = 11; // attribute size 12 bytes
        record[16 + 36 + 5] = stride;
        job.ShaderRecords = record;
        job.Uniforms = new byte[uniformsSize];
        job.Args.shader_rec_count = recordCount;
        return job;
    }

    [Test]
    [Description("One GL shader record with validated shaders and an in-bounds vertex buffer is accepted.")]
    public void ValidDrawAccepted() => Assert.That(rig.Submit(file, Draw(), out _), Is.EqualTo(Errno.None));

    [Test]
    [Description("A fragment shader marked threaded in the record but not in its BO is refused.")]
    public void ThreadModeMismatchRejected() => Assert.That(rig.Submit(file, Draw(shaderFlags: 0), out _), Is.EqualTo(Errno.EINVAL));

    [Test]
    [Description("A shader that reads a uniform needs uniforms_size to cover it.")]
    public void UniformsMustFit()
    {
        Assert.That(rig.Submit(file, Draw(fs: uniformShader), out _), Is.EqualTo(Errno.EINVAL));
        Assert.That(rig.Submit(file, Draw(fs: uniformShader, uniformsSize: 4), out _), Is.EqualTo(Errno.None));
    }

    [Test]
    [Description("The primitives' highest index must lie inside the vertex buffer for the attribute's stride.")]
    public void VertexIndexBeyondBufferRejected()
    {
        uint fits = (Vc4TestJob.TargetSize - 12) / 16 + 1;
        Assert.That(rig.Submit(file, Draw(vertices: fits), out _), Is.EqualTo(Errno.None));
        Assert.That(rig.Submit(file, Draw(vertices: fits + 1), out _), Is.EqualTo(Errno.EINVAL));
    }

    [Test]
    [Description("A record whose handles and packet do not fit shader_rec_size is refused, as is a shader state with shader_rec_count 0.")]
    public void ShortRecordsRejected()
    {
        var job = Draw();
        job.ShaderRecords = job.ShaderRecords[..40];
        Assert.That(rig.Submit(file, job, out _), Is.EqualTo(Errno.EINVAL));
        Assert.That(rig.Submit(file, Draw(recordCount: 0), out _), Is.EqualTo(Errno.EINVAL));
    }

    [Test]
    [Description("A shader BO used as a surface or vertex buffer is refused (vc4_use_bo), and a shader without its delay slots is refused at creation.")]
    public void ShaderBoMisuse()
    {
        var job = Vc4TestJob.Clear(shader);
        Assert.That(rig.Submit(file, job, out _), Is.EqualTo(Errno.EINVAL));
        Assert.That(rig.CreateShaderBo(file, Vc4Shaders.MissingDelaySlots, out _), Is.EqualTo(Errno.EINVAL));
    }
}
