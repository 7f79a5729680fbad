# Shared by the tools/qemu scripts (sourced, never run). Resolves the cache folder, prints timed progress and
# installs the host packages the lane needs. Everything the lane downloads or builds lives under the cache folder,
# which is inside the repo's ignored .cache/ so CI can keep it between runs.

QEMU_TOOLS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$QEMU_TOOLS_DIR/../.." && pwd)
# HIL_QEMU_CACHE moves the cache (e.g. to a CI cache volume); the default is the repo's ignored .cache/qemu.
CACHE_DIR=${HIL_QEMU_CACHE:-$REPO_ROOT/.cache/qemu}

qemu_t0=$(date +%s%N)
say() { echo "[qemu-lane +$(( ($(date +%s%N) - qemu_t0) / 1000000 ))ms] $*" >&2; }
die() { echo "[qemu-lane] error: $*" >&2; exit 1; }

# Debian's busybox-static provides /bin/busybox statically linked; the dynamic "busybox" package would not run in
# an initramfs that has no loader, so the check asks for that package, not just for the command.
busybox_is_static() { [ -x /bin/busybox ] && dpkg-query -W -f='${Status}' busybox-static 2>/dev/null | grep -q 'ok installed'; }

host_packages_present() {
  command -v qemu-system-x86_64 >/dev/null && busybox_is_static && command -v cpio >/dev/null &&
    command -v depmod >/dev/null && command -v modprobe >/dev/null && command -v xz >/dev/null &&
    [ -x /usr/sbin/sshd ] && command -v ssh-keygen >/dev/null && command -v ssh >/dev/null
}

# Installs what is missing. The lock timeout matters: other jobs on the same machine may hold dpkg's lock.
ensure_host_packages() {
  host_packages_present && return 0
  say "installing host packages (qemu-system-x86 busybox-static cpio kmod xz-utils openssh-server openssh-client)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=300 update -qq
  apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends \
    qemu-system-x86 busybox-static cpio kmod xz-utils openssh-server openssh-client >/dev/null
  host_packages_present || die "host packages still missing after apt-get install (qemu-system-x86_64, static /bin/busybox, cpio, kmod, xz, sshd)"
}

# The kernel release the cache holds (written by fetch-kernel.sh), e.g. 6.1.0-56-amd64.
cached_kernel_release() {
  [ -f "$CACHE_DIR/kernel/current" ] || die "no fetched kernel in $CACHE_DIR/kernel (run tools/qemu/fetch-kernel.sh first)"
  cat "$CACHE_DIR/kernel/current"
}
