#!/bin/bash
# Builds the QEMU lane's initramfs: static busybox, the kernel modules for 9p/virtio/virtio-net and the DRM
# drivers asked for (with their dependencies per modules.dep), and guest-init.sh as /init. The image depends only
# on the kernel release, the module set and the init script, so it is cached under that key and a warm run just
# prints the path.
#
# Usage: build-initramfs.sh [--kver RELEASE] [--modules-root DIR] [--modules "vgem virtio_gpu"]
#   --modules-root  a folder holding lib/modules/<release> (default: the kernel fetch-kernel.sh cached); for a
#                   custom kernel, the INSTALL_MOD_PATH of its `make modules_install`
#   --kver          the release under lib/modules (default: the only one there, or the cached kernel's)
# Prints the initramfs path on stdout.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

kver="" modules_root="" drm_modules="vgem virtio_gpu"
while [ $# -gt 0 ]; do
  case "$1" in
    --kver) kver=$2; shift 2 ;;
    --modules-root) modules_root=$2; shift 2 ;;
    --modules) drm_modules=$2; shift 2 ;;
    *) die "build-initramfs.sh: unknown argument '$1' (expected --kver, --modules-root, --modules)" ;;
  esac
done
ensure_host_packages
if [ -z "$modules_root" ]; then
  kver=${kver:-$(cached_kernel_release)}
  modules_root="$CACHE_DIR/kernel/$kver/root"
elif [ -z "$kver" ]; then
  releases=$(ls "$modules_root/lib/modules" 2>/dev/null || true)
  [ "$(echo "$releases" | wc -w)" = 1 ] || die "$modules_root/lib/modules holds '$releases'; pass --kver"
  kver=$releases
fi
moddir="$modules_root/lib/modules/$kver"
[ -d "$moddir" ] || die "no modules folder $moddir"
[ -f "$moddir/modules.dep" ] || depmod -b "$modules_root" "$kver"

base_modules="virtio_pci 9pnet_virtio 9p virtio_net"
key=$( { echo "$kver $modules_root $base_modules $drm_modules"; cat "$QEMU_TOOLS_DIR/guest-init.sh" "$QEMU_TOOLS_DIR/build-initramfs.sh"; } | sha256sum | cut -c1-16)
out="$CACHE_DIR/initramfs/$kver-$key.cpio.gz"
if [ -f "$out" ]; then say "initramfs up to date: $out"; echo "$out"; exit 0; fi

mkdir -p "$CACHE_DIR/initramfs"
staging=$(mktemp -d "$CACHE_DIR/initramfs/staging.XXXXXX")
trap 'rm -rf "$staging"' EXIT
mkdir -p "$staging"/{bin,dev,proc,sys,host,hil,lib/modules/$kver}
cp /bin/busybox "$staging/bin/busybox"
for m in $base_modules $drm_modules; do
  modprobe -d "$modules_root" -S "$kver" --show-depends "$m" || die "module $m not found for $kver under $modules_root"
done | awk '$1 == "insmod" { print $2 }' | sort -u | while read -r ko; do
  rel=${ko#"$moddir"/}
  mkdir -p "$staging/lib/modules/$kver/$(dirname "$rel")"
  cp "$ko" "$staging/lib/modules/$kver/$rel"
done
for f in modules.order modules.builtin modules.builtin.modinfo; do
  [ -f "$moddir/$f" ] && cp "$moddir/$f" "$staging/lib/modules/$kver/"
done
depmod -b "$staging" "$kver"
install -m 755 "$QEMU_TOOLS_DIR/guest-init.sh" "$staging/init"
(cd "$staging" && find . | LC_ALL=C sort | cpio -o -H newc --quiet | gzip -1) > "$out.part"
mv "$out.part" "$out"
say "initramfs built: $out ($(du -h "$out" | cut -f1), $(find "$staging/lib/modules" -name '*.ko*' | wc -l) modules)"
echo "$out"
