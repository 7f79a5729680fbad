#!/bin/busybox sh
# /init of the QEMU lane's initramfs (copied in by build-initramfs.sh). Runs under busybox before any real root
# exists. It loads the DRM modules the board asks for, mounts the host's root read-only over 9p and chroots into
# it, so the guest runs the host's own sshd and dotnet; the guest's own /proc, /sys and /dev are mounted over the
# host's (the 9p export of / would otherwise show the host's /proc, and dotnet resolves /proc/self/exe to QEMU).
#
# Per-instance inputs come from the writable 9p share "hil" (the host's instance folder):
#   ssh_host_ed25519_key  the host key the harness generated and pinned in its known_hosts
#   authorized_keys       the harness's client key, for both the test user and root (power-off)
# Kernel command line: hil.modules=vgem,virtio_gpu (load order fixes card numbering)
#                      hil.user=hil hil.uid=4242 (the non-root test user)
# Outputs to the share: init.log (this script), sshd.log, ready (written once sshd is listening).

/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev   # Debian kernels do not auto-mount devtmpfs (CONFIG_DEVTMPFS_MOUNT is off)

log() { echo "hil-init: $*" > /dev/console; [ -d /hil ] && [ -w /hil ] && echo "$*" >> /hil/init.log; }
halt_with() { log "FATAL: $*"; sync; echo o > /proc/sysrq-trigger; sleep 5; poweroff -f; }

param() { tr ' ' '\n' < /proc/cmdline | sed -n "s/^$1=//p" | tail -1; }
modules=$(param hil.modules | tr ',' ' ')
user=$(param hil.user); user=${user:-hil}
uid=$(param hil.uid); uid=${uid:-4242}

for m in virtio_pci 9pnet_virtio 9p virtio_net; do modprobe "$m" || halt_with "modprobe $m failed"; done
mkdir -p /host /hil
mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000,ro,cache=loose hostroot /host || halt_with "9p mount of hostroot failed"
mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000 hil /hil || halt_with "9p mount of the instance share failed"
: > /hil/init.log
log "kernel $(uname -r), modules: $modules"

for m in $modules; do modprobe "$m" || halt_with "modprobe $m failed (is it in the initramfs? build-initramfs.sh --modules)"; done
# Without udev the nodes are root-only; a board's test user reaches /dev/dri through the video group, as on a
# desktop or a Raspberry Pi image.
video_gid=$(awk -F: '$1 == "video" { print $3 }' /host/etc/group); video_gid=${video_gid:-44}
for n in /dev/dri/*; do [ -c "$n" ] && chgrp "$video_gid" "$n" && chmod 0660 "$n"; done
log "dri: $(ls /dev/dri 2>/dev/null | tr '\n' ' ')"
# The agent's kmsg observation reads /dev/kmsg as the test user; Debian restricts that to CAP_SYSLOG by default.
echo 0 > /proc/sys/kernel/dmesg_restrict

ip link set lo up
ip link set eth0 up && ip addr add 10.0.2.15/24 dev eth0 && ip route add default via 10.0.2.2 || halt_with "network setup failed"

H=/host
mount -t proc proc $H/proc
mount -t sysfs sysfs $H/sys
mount -t devtmpfs devtmpfs $H/dev
mkdir -p $H/dev/pts
mount -t devpts -o gid=5,mode=620,ptmxmode=666 devpts $H/dev/pts
mount -t tmpfs -o mode=1777 tmpfs $H/tmp
mount -t tmpfs -o mode=755 tmpfs $H/run
mkdir -p -m 755 $H/run/sshd $H/run/hil $H/run/hil/share
mount --bind /hil $H/run/hil/share

# The test user exists only inside this guest: a passwd/group pair bind-mounted over the read-only host's. Root
# gets /bin/sh too, because the host's root shell may source an expensive .bashrc on every ssh command.
home=/tmp/$user
mkdir -p $H$home && chown "$uid:$uid" $H$home && chmod 700 $H$home
sed 's#^root:\([^:]*\):0:0:\([^:]*\):\([^:]*\):.*#root:\1:0:0:\2:\3:/bin/sh#' $H/etc/passwd > $H/run/hil/passwd
echo "$user:x:$uid:$uid:HilHarness test user:$home:/bin/sh" >> $H/run/hil/passwd
awk -F: -v u="$user" 'BEGIN { OFS = ":" } $1 == "video" { $4 = ($4 == "" ? u : $4 "," u) } { print }' $H/etc/group > $H/run/hil/group
echo "$user:x:$uid:" >> $H/run/hil/group
mount --bind $H/run/hil/passwd $H/etc/passwd
mount --bind $H/run/hil/group $H/etc/group

# sshd refuses a group- or world-readable host key and reads authorized_keys as the target user: copy both into
# the guest's tmpfs with the modes sshd wants instead of trusting the share's.
[ -f /hil/ssh_host_ed25519_key ] || halt_with "instance share has no ssh_host_ed25519_key"
[ -f /hil/authorized_keys ] || halt_with "instance share has no authorized_keys"
cp /hil/ssh_host_ed25519_key $H/run/hil/ssh_host_ed25519_key && chmod 600 $H/run/hil/ssh_host_ed25519_key
for u in root "$user"; do cp /hil/authorized_keys $H/run/hil/authorized_keys.$u; done
chown "$uid:$uid" $H/run/hil/authorized_keys.$user
chmod 600 $H/run/hil/authorized_keys.*
cat > $H/run/hil/sshd_config <<CONFIG
ListenAddress 0.0.0.0:22
HostKey /run/hil/ssh_host_ed25519_key
PidFile /run/sshd.pid
AuthorizedKeysFile /run/hil/authorized_keys.%u
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
UseDNS no
Subsystem sftp internal-sftp
MaxStartups 50:30:100
CONFIG

chroot $H /usr/sbin/sshd -t -f /run/hil/sshd_config 2>> /hil/init.log || halt_with "sshd -t rejected the generated config"
chroot $H /usr/sbin/sshd -D -e -f /run/hil/sshd_config 2>> /hil/sshd.log &
log "sshd started (pid $!)"
echo "$(cut -d' ' -f1 /proc/uptime)" > /hil/ready

# PID 1 must never exit; it also reaps orphans, which busybox sh does while waiting.
while true; do wait; sleep 3600; done
