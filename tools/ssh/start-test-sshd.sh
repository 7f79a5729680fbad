#!/bin/sh
# Starts a private sshd on 127.0.0.1 for the harness's SSH tests (research/vm-lane.md §1):
# generated host and client keys, key-only auth, StrictModes off (keys live under /tmp, mode 1777),
# per-user AuthorizedKeysFile, and a private $HOME (SetEnv) so the "board" state (agent cache, lease)
# of one test sshd never mixes with another's or with the real user's home. Touches no system file
# except creating /run/sshd (sshd's compiled-in privilege-separation directory), which needs root.
#   usage: start-test-sshd.sh WORKDIR PORT USER
# Writes WORKDIR/client_key, WORKDIR/known_hosts, WORKDIR/sshd.pid, WORKDIR/sshd.log; prints the sshd pid.
set -eu
workdir=$1 port=$2 user=$3
sshd=${SSHD:-/usr/sbin/sshd}
[ -x "$sshd" ] || { echo "start-test-sshd: $sshd not found; install openssh-server" >&2; exit 3; }
mkdir -p "$workdir/home"
cd "$workdir"
[ -d /run/sshd ] || mkdir -p -m755 /run/sshd
rm -f ssh_host_ed25519_key ssh_host_ed25519_key.pub client_key client_key.pub
ssh-keygen -q -t ed25519 -N '' -C hil-test-host -f ssh_host_ed25519_key
ssh-keygen -q -t ed25519 -N '' -C hil-test-client -f client_key
cp client_key.pub "authorized_keys.$user"
chmod 600 "authorized_keys.$user" client_key
cat > sshd_config <<CONF
ListenAddress 127.0.0.1:$port
HostKey $workdir/ssh_host_ed25519_key
PidFile $workdir/sshd.pid
AuthorizedKeysFile $workdir/authorized_keys.%u
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
Subsystem sftp internal-sftp
MaxStartups 50:30:100
MaxSessions 50
SetEnv HOME=$workdir/home
CONF
"$sshd" -t -f sshd_config
printf '[127.0.0.1]:%s %s\n' "$port" "$(cut -d' ' -f1,2 ssh_host_ed25519_key.pub)" > known_hosts
"$sshd" -D -e -f "$workdir/sshd_config" > sshd.log 2>&1 &
echo $!
