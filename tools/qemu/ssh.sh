#!/bin/bash
# Runs a command in a booted QEMU lane VM over ssh with the instance's pinned host key and client key.
# Usage: ssh.sh --instance DIR [--root] -- COMMAND...   (default user: hil)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
instance="" user=hil
while [ $# -gt 0 ]; do
  case "$1" in
    --instance) instance=$2; shift 2 ;;
    --root) user=root; shift ;;
    --user) user=$2; shift 2 ;;
    --) shift; break ;;
    *) break ;;
  esac
done
[ -n "$instance" ] && [ -f "$instance/ssh_port" ] || die "ssh.sh: --instance DIR must name a folder boot.sh prepared"
exec ssh -p "$(cat "$instance/ssh_port")" -i "$instance/client_key" -o IdentitiesOnly=yes -o BatchMode=yes \
  -o StrictHostKeyChecking=yes -o UserKnownHostsFile="$instance/known_hosts" -o ConnectTimeout=10 \
  -o LogLevel=ERROR "$user@127.0.0.1" "$@"
