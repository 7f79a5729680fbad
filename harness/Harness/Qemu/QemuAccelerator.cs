namespace HilHarness.Qemu;

/// <summary>How QEMU executes the guest. <see cref="Auto"/> picks KVM only on a host with real VMX/SVM KVM
/// (kvm_intel or kvm_amd loaded); a bare /dev/kvm may be PVM, which cannot run a stock kernel.</summary>
public enum QemuAccelerator
{
    Auto,
    Tcg,
    Kvm,
}
