#!/bin/bash
# Boots one QEMU lane VM in the foreground (the QEMU process replaces this script, so whoever started it can stop
# it by pid). Before booting it prepares the instance folder: a fresh ed25519 host key (pinned in known_hosts for
# the forwarded port), a client key (the guest's authorized_keys for the test user and root), and the share the
# guest reads them from.
#
# Usage: boot.sh --instance DIR [--ssh-port PORT] [--kernel IMAGE] [--modules-root DIR] [--kver RELEASE]
#                [--modules "vgem virtio_gpu"] [--memory MIB] [--cpus N] [--accel auto|tcg|kvm]
#                [--user hil] [--uid 4242] [--prepare-only]
#   --kernel        vmlinux (PVH direct boot) or bzImage; default: Debian's kernel from fetch-kernel.sh. A custom
#                   kernel needs --modules-root (its INSTALL_MOD_PATH) holding the DRM and virtio modules.
#   --accel auto    KVM only when the host has real VMX/SVM KVM (kvm_intel/kvm_amd loaded); otherwise TCG. A
#                   /dev/kvm alone is not enough: PVM's /dev/kvm cannot run a stock kernel.
#   --prepare-only  write the instance folder and print the QEMU command line instead of booting.
#
# Instance folder after boot: client_key (+.pub), known_hosts, ssh_port, console.log (serial), qemu.cmdline, and
# share/ (the guest's writable 9p share: init.log, sshd.log, ready).
# Stop: ssh root@ 'echo o > /proc/sysrq-trigger' (QEMU exits with the guest), or kill the QEMU pid.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

instance="" ssh_port="" kernel="" modules_root="" kver="" drm_modules="vgem virtio_gpu"
memory=2048 cpus=2 accel=auto user=hil uid=4242 prepare_only=0
while [ $# -gt 0 ]; do
  case "$1" in
    --instance) instance=$2; shift 2 ;;
    --ssh-port) ssh_port=$2; shift 2 ;;
    --kernel) kernel=$2; shift 2 ;;
    --modules-root) modules_root=$2; shift 2 ;;
    --kver) kver=$2; shift 2 ;;
    --modules) drm_modules=$2; shift 2 ;;
    --memory) memory=$2; shift 2 ;;
    --cpus) cpus=$2; shift 2 ;;
    --accel) accel=$2; shift 2 ;;
    --user) user=$2; shift 2 ;;
    --uid) uid=$2; shift 2 ;;
    --prepare-only) prepare_only=1; shift ;;
    *) die "boot.sh: unknown argument '$1' (see the usage at the top of $0)" ;;
  esac
done
[ -n "$instance" ] || die "boot.sh: --instance DIR is required"
ensure_host_packages

if [ -z "$kernel" ]; then
  [ -z "$modules_root" ] || die "boot.sh: --modules-root belongs to a custom --kernel"
  kver=$("$QEMU_TOOLS_DIR/fetch-kernel.sh")
  kernel="$CACHE_DIR/kernel/$kver/vmlinux"
else
  [ -f "$kernel" ] || die "boot.sh: kernel image $kernel does not exist"
  [ -n "$modules_root" ] || die "boot.sh: a custom --kernel needs --modules-root (the INSTALL_MOD_PATH of its modules_install)"
fi
initrd=$("$QEMU_TOOLS_DIR/build-initramfs.sh" ${kver:+--kver "$kver"} ${modules_root:+--modules-root "$modules_root"} --modules "$drm_modules")

case "$accel" in
  auto) if [ -w /dev/kvm ] && { [ -d /sys/module/kvm_intel ] || [ -d /sys/module/kvm_amd ]; }; then accel=kvm; else accel=tcg; fi ;;
  tcg|kvm) ;;
  *) die "boot.sh: --accel must be auto, tcg or kvm, not '$accel'" ;;
esac
if [ "$accel" = kvm ]; then accel_args=(-accel kvm -cpu host); else accel_args=(-accel tcg,thread=multi -cpu max); fi

port_is_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
if [ -z "$ssh_port" ]; then
  for _ in $(seq 50); do candidate=$((20000 + RANDOM % 20000)); port_is_free "$candidate" && { ssh_port=$candidate; break; }; done
  [ -n "$ssh_port" ] || die "boot.sh: found no free loopback port for the ssh forward"
fi

mkdir -p "$instance/share"
instance=$(cd "$instance" && pwd)
rm -f "$instance/share/"{ready,init.log,sshd.log} "$instance/console.log"
# One host key per instance: a key never reused across boots means a stale known_hosts can never match by luck.
rm -f "$instance/share/ssh_host_ed25519_key"*
ssh-keygen -q -t ed25519 -N '' -C "hil-qemu-host" -f "$instance/share/ssh_host_ed25519_key"
[ -f "$instance/client_key" ] || ssh-keygen -q -t ed25519 -N '' -C "hil-qemu-client" -f "$instance/client_key"
cp "$instance/client_key.pub" "$instance/share/authorized_keys"
printf '[127.0.0.1]:%s %s\n' "$ssh_port" "$(cut -d' ' -f1,2 "$instance/share/ssh_host_ed25519_key.pub")" > "$instance/known_hosts"
echo "$ssh_port" > "$instance/ssh_port"

cmd=(qemu-system-x86_64 "${accel_args[@]}" -M q35 -m "$memory" -smp "$cpus" -nodefaults -display none -no-reboot
  -serial "file:$instance/console.log"
  -kernel "$kernel" -initrd "$initrd"
  -append "console=ttyS0 rdinit=/init panic=-1 loglevel=4 hil.modules=$(echo "$drm_modules" | tr ' ' ',') hil.user=$user hil.uid=$uid"
  -device virtio-gpu-pci
  -virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap
  -virtfs "local,path=$instance/share,mount_tag=hil,security_model=none,multidevs=remap"
  -netdev "user,id=n0,hostfwd=tcp:127.0.0.1:$ssh_port-:22" -device virtio-net-pci,netdev=n0)
printf '%q ' "${cmd[@]}" > "$instance/qemu.cmdline"; echo >> "$instance/qemu.cmdline"
if [ "$prepare_only" = 1 ]; then cat "$instance/qemu.cmdline"; exit 0; fi
say "booting ($accel, ${memory} MiB, $cpus CPUs, modules: $drm_modules) with ssh on 127.0.0.1:$ssh_port"
exec "${cmd[@]}" < /dev/null
