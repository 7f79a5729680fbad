#!/bin/bash
# Fetches Debian's current amd64 kernel for the QEMU lane without installing it: apt-get download + dpkg-deb -x
# into the cache, then the uncompressed vmlinux (QEMU boots it PVH-direct, which skips SeaBIOS, real-mode setup
# and decompression: seconds per boot under TCG) and a depmod of the extracted modules (the .deb ships no
# modules.dep; its postinst would make one). Idempotent: a warm run only checks.
#
# Installing linux-image-amd64 on the host is deliberately avoided: it drags in udev/initramfs-tools and would
# touch /boot and /lib/modules of the machine.
#
# Env: HIL_QEMU_CACHE (cache folder, default <repo>/.cache/qemu)
#      HIL_QEMU_KERNEL_PKG (pin a package, e.g. linux-image-6.1.0-56-amd64; default: what linux-image-amd64 depends on)
# Prints the kernel release on stdout; progress goes to stderr.
#
# vkms is not provided: no Debian kernel builds it (CONFIG_DRM_VKMS unset) and building it needs linux-source;
# the lane covers KMS with virtio-gpu instead.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

ensure_host_packages

resolve_kernel_package() {
  if [ -n "${HIL_QEMU_KERNEL_PKG:-}" ]; then echo "$HIL_QEMU_KERNEL_PKG"; return; fi
  apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/ { print $2; exit }'
}

kpkg=$(resolve_kernel_package)
if [ -z "$kpkg" ]; then
  if [ -f "$CACHE_DIR/kernel/current" ]; then
    # No package lists (a fresh container with a restored cache): the cached kernel is the answer, no network.
    kver=$(cat "$CACHE_DIR/kernel/current")
    [ -f "$CACHE_DIR/kernel/$kver/complete" ] && { say "apt has no package lists; using cached kernel $kver"; echo "$kver"; exit 0; }
  fi
  say "apt-cache cannot resolve linux-image-amd64; running apt-get update"
  apt-get -o DPkg::Lock::Timeout=300 update -qq
  kpkg=$(resolve_kernel_package)
  [ -n "$kpkg" ] || die "apt-cache depends linux-image-amd64 names no linux-image-<version>-amd64 package (apt sources: $(grep -rhs '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d | head -3 | tr '\n' ';'))"
fi
kver=${kpkg#linux-image-}
kver=${kver%-unsigned}
kdir="$CACHE_DIR/kernel/$kver"

if [ -f "$kdir/complete" ] && [ -f "$kdir/vmlinux" ] && [ -f "$kdir/root/lib/modules/$kver/modules.dep" ]; then
  echo "$kver" > "$CACHE_DIR/kernel/current"
  say "kernel $kver already fetched ($kdir)"
  echo "$kver"
  exit 0
fi

say "fetching $kpkg"
rm -rf "$kdir"
mkdir -p "$kdir" "$CACHE_DIR/debs"
# apt-get download runs as _apt when it can; the cache folder may not be writable for it, which only costs a
# warning ("unsandboxed"), so that line is filtered and any other output is kept.
(cd "$CACHE_DIR/debs" && apt-get download -qq "$kpkg" 2>&1 | { grep -v 'unsandboxed' || true; } >&2)
deb=$(ls -t "$CACHE_DIR/debs/${kpkg}_"*.deb 2>/dev/null | head -1)
[ -n "$deb" ] || die "apt-get download $kpkg left no ${kpkg}_*.deb in $CACHE_DIR/debs"
say "extracting $(basename "$deb") ($(du -h "$deb" | cut -f1))"
dpkg-deb -x "$deb" "$kdir/root"

vmlinuz="$kdir/root/boot/vmlinuz-$kver"
[ -f "$vmlinuz" ] || die "$deb has no boot/vmlinuz-$kver"
# Debian builds with CONFIG_KERNEL_XZ: the compressed payload starts at the first XZ stream magic.
offset=$(LC_ALL=C grep -abo $'\xfd7zXZ\x00' "$vmlinuz" | head -1 | cut -d: -f1)
[ -n "$offset" ] || die "$vmlinuz has no XZ payload (not a CONFIG_KERNEL_XZ kernel); PVH boot needs the uncompressed vmlinux"
# xz complains about the trailing bytes after the stream; the result is checked as an ELF instead.
tail -c +$((offset + 1)) "$vmlinuz" | xz -dc 2>/dev/null > "$kdir/vmlinux.part" || true
[ "$(head -c 4 "$kdir/vmlinux.part" | od -An -c | tr -d ' ')" = '177ELF' ] || die "decompressing $vmlinuz at offset $offset gave no ELF image"
mv "$kdir/vmlinux.part" "$kdir/vmlinux"

depmod -b "$kdir/root" "$kver"
rm -f "$deb"   # the extracted tree is what later runs need; the .deb would double the cache
touch "$kdir/complete"
echo "$kver" > "$CACHE_DIR/kernel/current"
say "kernel $kver ready: $kdir/vmlinux ($(du -h "$kdir/vmlinux" | cut -f1)), modules in $kdir/root/lib/modules/$kver"
echo "$kver"
