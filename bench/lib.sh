# shellcheck shell=bash disable=SC2034,SC2154
# Helpers shared by bench/run and bench/faults. Sourced, never run on its own.
#
# The functions work on the caller's globals rather than on arguments where the scripts already
# kept state in globals (the world, Knot's PID and port), so both scripts read top to bottom:
#   prog        the caller's name, for messages ("bench/run")
#   home        the project folder
#   workdir, logs, count, seed, detail
#   world       set by make_world; input_rows too
#   classpath   set by build_mailsov
#   knot_dir, port, knot_pid, knot_load, knot_rss   used and set by write_knot_conf / start_knot

# ---------------------------------------------------------------------------------------------
# Output and arithmetic
# ---------------------------------------------------------------------------------------------
say() { printf '%s\n' "$*"; }
die() { printf '%s: %s\n' "${prog:-bench}" "$*" >&2; exit 1; }

# Seconds since the epoch with microseconds (bash 5's EPOCHREALTIME).
now() { printf '%s' "${EPOCHREALTIME/,/.}"; }
# Seconds between two now() values, one decimal.
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
# 1234567 -> 1,234,567 (locale-independent).
grouped() {
  awk -v n="$1" 'BEGIN {
    n = sprintf("%.0f", n); sign = ""; if (n ~ /^-/) { sign = "-"; n = substr(n, 2) }
    out = ""
    while (length(n) > 3) {
      out = "," substr(n, length(n) - 2) out
      n = substr(n, 1, length(n) - 3)
    }
    print sign n out }'
}

# ---------------------------------------------------------------------------------------------
# Tools and ports
# ---------------------------------------------------------------------------------------------
apt_updated=false
# Installs a Debian package when the command it provides is missing (fresh machines lack them).
need() {
  local cmd="$1" pkg="$2"
  if ! command -v "$cmd" >/dev/null 2>&1 && [[ ! -x "$cmd" ]]; then
    say "installing $pkg (for $cmd)..."
    if [[ "$apt_updated" == false ]]; then
      apt-get update -qq >/dev/null
      apt_updated=true
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$pkg" >/dev/null
  fi
}

# True when no TCP or UDP socket (v4 or v6) is bound to the port.
port_free() {
  local hex
  hex=$(printf '%04X' "$1")
  ! awk -v h="$hex" 'FNR > 1 { split($2, a, ":"); if (a[length(a)] == h) found = 1 }
      END { exit !found }' /proc/net/tcp /proc/net/tcp6 /proc/net/udp /proc/net/udp6 2>/dev/null
}

free_port() {
  local p tries
  for tries in $(seq 1 200); do
    p=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
    if port_free "$p"; then
      echo "$p"
      return 0
    fi
  done
  die "no free port found after $tries tries"
}

# Deletes every copy of an iptables rule (given as the arguments after -I/-D), if any.
remove_rule() {
  (($# > 0)) || return 0
  while iptables -w -C "$@" 2>/dev/null; do
    iptables -w -D "$@"
  done
}

# ---------------------------------------------------------------------------------------------
# mailsov and the world
# ---------------------------------------------------------------------------------------------

# Builds bin/mailsov when its sources changed and sets $classpath. Other engineers edit the
# sources while benchmarks run, so a caller may allow more than one attempt, a minute apart
# (a half-edited file fails to compile until its author saves the rest).
build_mailsov() {
  local attempts="${1:-1}" attempt
  for ((attempt = 1; attempt <= attempts; attempt++)); do
    if "$home/bin/mailsov" --help >"$logs/build.log" 2>&1; then
      classpath="$home/target/classes:$(cat "$home/target/mailsov.classpath")"
      return 0
    fi
    if ((attempt < attempts)); then
      say "bin/mailsov failed to build (attempt $attempt of $attempts); retrying in 60 s"
      sleep 60
    fi
  done
  cat "$logs/build.log" >&2
  die "bin/mailsov failed to build"
}

# Writes the sample world into $workdir/world, or reuses it when it holds the same count, seed
# and detail. Sets $world and $input_rows (data rows of domains.csv).
make_world() {
  local world_id t0
  world="$workdir/world"
  world_id="count=$count seed=$seed detail=$detail"
  if [[ -f "$world/generated" && "$(cat "$world/generated")" == "$world_id" \
        && -f "$world/domains.csv" && -f "$world/zones/zones.list" ]]; then
    say "world: reusing $world ($world_id)"
  else
    rm -rf "$world"
    mkdir -p "$world"
    say "world: generating $world_id..."
    t0=$(now)
    java -cp "$classpath" io.mailsov.sample.SampleWorld --count "$count" --seed "$seed" \
      --out "$world" --detail "$detail" | sed 's/^/  /'
    printf '%s' "$world_id" >"$world/generated"
    say "  generated in $(elapsed "$t0" "$(now)") s"
  fi
  input_rows=$(($(wc -l <"$world/domains.csv") - 1))
}

# ---------------------------------------------------------------------------------------------
# Knot
# ---------------------------------------------------------------------------------------------

# Writes a knot.conf serving every zone of the world on 127.0.0.1@$port to the file $1. Zones
# named in the further arguments (e.g. "nl.") get Knot's built-in mod-noudp, which answers
# every UDP query for them with an empty, truncated (TC=1) reply, so a client must ask again
# over TCP (RFC 7766 section 5; RFC 1035 section 4.2.1).
write_knot_conf() {
  local conf="$1" origin file noudp
  shift
  {
    cat <<EOF
# Written by $prog. One UDP and one TCP worker so the scanner keeps the other core; no
# rate limiting module, so every query is answered.
server:
    rundir: "$knot_dir/run"
    listen: 127.0.0.1@$port
    udp-workers: 1
    tcp-workers: 1
    background-workers: 2

log:
  - target: stderr
    any: info

database:
    storage: "$knot_dir/db"

template:
  - id: default
    storage: "$world/zones"
    zonefile-sync: -1
    journal-content: none
    semantic-checks: off

zone:
EOF
    while read -r origin file _; do
      [[ -n "$origin" && "$origin" != \#* ]] || continue
      printf '  - domain: %s\n    file: %s\n' "$origin" "$file"
      for noudp in "$@"; do
        if [[ "$noudp" == "$origin" ]]; then printf '    module: mod-noudp\n'; fi
      done
    done <"$world/zones/zones.list"
  } >"$conf"
}

# True when Knot answers SOA for the origin (over TCP if UDP comes back truncated: kdig
# retries truncated replies over TCP by itself).
soa_answers() {
  local out
  out=$(kdig @127.0.0.1 -p "$port" +short +time=1 +retry=0 SOA "$1" 2>/dev/null || true)
  awk '!/^;/ && NF { found = 1 } END { exit !found }' <<<"$out"
}

# Starts knotd with the config $1 (log in $knot_dir/knotd.log) and waits until every zone whose
# file exists answers SOA. Sets $knot_pid, $knot_load (seconds) and $knot_rss (MiB).
start_knot() {
  local conf="$1" origin file t0 deadline knot_rss_kb
  # Zones whose file exists must all answer before we measure; a listed zone without a file
  # (frl., on purpose) answers SERVFAIL and is skipped.
  local ready_origins=()
  while read -r origin file _; do
    [[ -n "$origin" && "$origin" != \#* && -f "$world/zones/$file" ]] && ready_origins+=("$origin")
  done <"$world/zones/zones.list"
  # nl. first: it is the largest zone and the one the brief's readiness check names.
  ready_origins=(nl. "${ready_origins[@]/#nl./}")

  say "knot: starting on 127.0.0.1@$port ($(grep -c 'domain:' "$conf") zones)..."
  t0=$(now)
  knotd -c "$conf" >"$knot_dir/knotd.log" 2>&1 &
  knot_pid=$!
  deadline=$(awk -v n="$count" 'BEGIN { printf "%d", 60 + 20 * n / 1000000 }')
  for origin in "${ready_origins[@]}"; do
    [[ -n "$origin" ]] || continue
    until soa_answers "$origin"; do
      if ! kill -0 "$knot_pid" 2>/dev/null; then
        tail -20 "$knot_dir/knotd.log" >&2
        die "knotd exited while loading"
      fi
      # Knot refuses a whole zone over one bad record: say so now rather than at the deadline.
      if grep -qF "[$origin] zone event 'load' failed" "$knot_dir/knotd.log"; then
        grep -F "[$origin]" "$knot_dir/knotd.log" | grep -F error | head -10 >&2
        die "knotd could not load zone $origin from $world/zones" \
          "(try --detail mail, or fix the generator)"
      fi
      if awk -v a="$t0" -v b="$(now)" -v d="$deadline" 'BEGIN { exit !(b - a > d) }'; then
        tail -20 "$knot_dir/knotd.log" >&2
        die "knotd did not answer SOA $origin within $deadline s"
      fi
      sleep 0.2
    done
  done
  knot_load=$(elapsed "$t0" "$(now)")
  knot_rss_kb=$(awk '/^VmRSS:/ { print $2 }' "/proc/$knot_pid/status")
  knot_rss=$((knot_rss_kb / 1024))
}

# Stops our knotd by its PID: SIGCONT first (a fault scenario may have stopped it, and a stopped
# process does not act on SIGTERM), then SIGTERM, then SIGKILL after 60 s.
stop_knot() {
  [[ -n "$knot_pid" ]] || return 0
  if kill -0 "$knot_pid" 2>/dev/null; then
    kill -CONT "$knot_pid" 2>/dev/null || true
    kill "$knot_pid" 2>/dev/null || true
    local waited=0
    while kill -0 "$knot_pid" 2>/dev/null && ((waited < 600)); do
      sleep 0.1
      waited=$((waited + 1))
    done
    if kill -0 "$knot_pid" 2>/dev/null; then
      say "knotd $knot_pid did not stop within 60 s; killing it"
      kill -9 "$knot_pid" 2>/dev/null || true
    fi
  fi
  wait "$knot_pid" 2>/dev/null || true
  knot_pid=""
}

# ---------------------------------------------------------------------------------------------
# The scan's summary
# ---------------------------------------------------------------------------------------------

# Reads a scan's log and (optionally) its /usr/bin/time -v file; prints "key=value" lines.
parse_scan() {
  local log="$1" timefile="${2:-}"
  awk '
    function num(s) { gsub(/,/, "", s); return s + 0 }
    /^  input rows / { rows = num($3); results = num($6); rejects = num($9) }
    /^  statuses / { for (i = 2; i < NF; i += 2) { st[$i] = num($(i + 1)) } }
    # "queries 52,593, cache hits 29,368, retries 3,455, timeouts 1, TCP fallbacks 0"
    /^  queries [0-9]/ {
      queries = num($2); hits = num($5); retries = num($7); timeouts = num($9)
      for (i = 1; i < NF; i++) if ($i == "fallbacks") tcp = num($(i + 1))
    }
    # "resolved 20,000 domains in 3.1 s (6,452 domains/s, 15,000 queries/s); total 9.9 s"
    /^  resolved [0-9]/ {
      for (i = 1; i <= NF; i++) {
        if ($i == "domains/s,") domps = num(substr($(i - 1), 2))
        if ($i == "queries/s);") qps = num($(i - 1))
        if ($i == "total") total = num($(i + 1))
      }
    }
    # "timings: input 7.6 s, resolve and write 7.5 s (resolution 5.0 s, tables 2.5 s),
    #  accounting and commit 8.4 s; peak heap 665 MiB" (the split is absent when the scan
    #  resolved and wrote in one pass)
    /^  timings: / {
      for (i = 1; i <= NF; i++) {
        if ($i == "input") input = $(i + 1)
        if ($i == "write") resolve = $(i + 1)
        if ($i == "(resolution") resolution = $(i + 1)
        if ($i == "tables") tables = $(i + 1)
        if ($i == "commit") record = $(i + 1)
        if ($i == "heap") heap = num($(i + 1))
      }
    }
    END {
      if (results == "") exit 1
      printf "rows=%d\nresults=%d\nrejects=%d\n", rows, results, rejects
      printf "queries=%d\nhits=%d\nretries=%d\ntimeouts=%d\ntcp_fallbacks=%d\n", \
        queries, hits, retries, timeouts, tcp
      printf "domps=%d\nqps=%d\ntotal=%s\ninput=%s\nresolve=%s\nrecord=%s\nheap=%d\n", \
        domps, qps, total, input, resolve, record, heap
      printf "resolution=%s\ntables=%s\n", resolution, tables
      printf "timeout_results=%d\n", st["timeout"]
      s = ""; for (k in st) s = s " " k "=" st[k]; printf "statuses=%s\n", s
      sum = 0; for (k in st) sum += st[k]; printf "status_sum=%d\n", sum
    }' "$log"
  if [[ -n "$timefile" ]]; then
    awk -F': ' '/Maximum resident set size/ { printf "max_rss=%d\n", $2 / 1024 }' "$timefile"
  fi
}
