namespace HilHarness.SimKernel.Vc4;

/// <summary>enum vc4_kernel_bo_type (vc4_drv.h): the first label slots, named by bo_type_names[] in vc4_bo.c.</summary>
internal enum Vc4BoType
{
    Kernel = 0,
    V3D = 1,
    V3DShader = 2,
    Dumb = 3,
    Bin = 4,
    Rcl = 5,
    Bcl = 6,
    KernelCache = 7,
}
