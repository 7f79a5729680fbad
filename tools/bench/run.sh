#!/bin/sh
# Runs every benchmark behind the README's figures, with the machine load printed before each part.
#   usage: tools/bench/run.sh [sim|transport|agent|mbt|all]   (default all)
# Environment: HIL_ARTIFACTS (build output, default /tmp/hil-art-bench), HIL_BENCH_OUT (BenchmarkDotNet results,
# default /tmp/hil-bench-out), HIL_AGENT_DIR (an agent to measure instead of publishing boardagent/BoardAgent).
# Needs: .NET 10 SDK; for transport, openssh-server and openssh-client (tools/ssh/start-test-sshd.sh) and root
# (the private sshd creates /run/sshd); /usr/bin/time for the agent's peak RSS.
set -eu
cd "$(dirname "$0")/../.."
what=${1:-all}
export HIL_ARTIFACTS=${HIL_ARTIFACTS:-/tmp/hil-art-bench}
out=${HIL_BENCH_OUT:-/tmp/hil-bench-out}
publish=${HIL_BENCH_AGENT_PUBLISH:-/tmp/hil-bench-agent}

load() { echo "## load at $(date -u +%H:%M:%S): $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min) on $(nproc) cores"; }

echo "## build (Release)"
dotnet build bench/Benchmarks -c Release --nologo -v quiet
if [ -z "${HIL_AGENT_DIR:-}" ]; then
  # The framework-dependent publish is what deploy ships to a board; measure that, not the build folder.
  rm -rf "$publish"
  dotnet publish boardagent/BoardAgent -c Release --self-contained false -o "$publish" --nologo -v quiet
  export HIL_AGENT_DIR="$publish"
fi
bench="dotnet $HIL_ARTIFACTS/bin/Benchmarks/release/Benchmarks.dll --artifacts $out"

if [ "$what" = sim ] || [ "$what" = all ]; then
  load
  # Issue 3: >= 1,000,000 simple ioctls/s in process. Mean is per ioctl: ioctls/s = 1e9 / Mean[ns].
  $bench --filter '*Vc4IoctlBenchmarks*' '*PanthorIoctlBenchmarks*'
fi

if [ "$what" = transport ] || [ "$what" = all ]; then
  load
  # Issue 5: SshBatch1000 Ratio <= 1.2 (vs LocalBatch1000); SshWarmSessionStart <= 1 s;
  # SshRedeployUnchangedAgent throws unless the re-deploy is exactly one remote command.
  $bench --filter '*BatchTransportBenchmarks*' '*SessionStartBenchmarks*'
fi

if [ "$what" = agent ] || [ "$what" = all ]; then
  load
  # Cold start: Median of 10 process-start-to-hello round trips.
  $bench --filter '*AgentColdStartBenchmarks*'
  echo "## published agent: $HIL_AGENT_DIR"
  echo "size, all files:     $(du -sb "$HIL_AGENT_DIR" | cut -f1) bytes"
  echo "size, without .pdb:  $(find "$HIL_AGENT_DIR" -type f ! -name '*.pdb' -printf '%s\n' | awk '{s+=$1} END {print s}') bytes"
  for kernel in sim:rpi3-6.12 linux; do
    rss=$(printf '{"id":1,"op":"hello"}\n{"id":2,"op":"bye"}\n' \
      | /usr/bin/time -v dotnet "$HIL_AGENT_DIR/hil-agent.dll" --kernel "$kernel" 2>&1 >/dev/null \
      | sed -n 's/.*Maximum resident set size (kbytes): //p')
    echo "peak RSS, hello+bye, --kernel $kernel: ${rss} KiB"
  done
fi
if [ "$what" = mbt ] || [ "$what" = all ]; then
  load
  # Issue 4: >= 20,000 model-based steps/s end to end (generate, one batch on the local simulated board, check
  # every step). Mean is per generated step: steps/s = 1e6 / Mean[us]. 20 iterations: each runs other seeds, and a
  # seed's sequence (races, virtual-time timers) can cost twice another's, so 3 iterations say little.
  $bench --filter '*ModelBasedBenchmarks*' --iterationCount 20
fi
load
echo "## results: $out/results"
