namespace HilHarness.SimKernel.Vc4;

/// <summary>What vc4_validate_shader() records about an accepted shader (struct vc4_validated_shader_info), as far as
/// SUBMIT_CL's shader-record checks need it.</summary>
internal sealed record Vc4ValidatedShader(bool IsThreaded, uint UniformsSize, uint UniformsSrcSize, uint NumTextureSamples);
