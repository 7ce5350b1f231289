/**
 * The shell scripts the process runtime runs with the host's busybox `sh` (written once per root
 * dir under `<root>/bin/`). Process tree of one container (isolated mode, as root):
 *
 *   supervise.sh   host pid ns, detached session leader; outlives the kubelet
 *    └ nsenter     joins the pod's UTS/IPC/PID namespaces (waits for its child, mirrors its status)
 *       └ unshare -m → setup.sh → chroot → STAGE → the container's command (one pid: all execs)
 *
 * Protocol on fd 3 (a pipe to the kubelet that started it): exactly one line, `started <hostPid>`
 * right before the command is exec'd, or `error <message>` when it cannot start (then exit 128).
 * The supervisor writes the command's exit status (128+n for signal n) to `<exits>/<id>` (via a
 * rename, so a reader never sees half a file), then execs `sleep` to keep holding its read+write
 * ends of the stdout/stderr FIFOs: buffered output survives until a kubelet has opened the read
 * ends and kills the supervisor (then reads to EOF). Single quotes must not appear inside STAGE.
 * The scripts run under busybox `sh`, which runs its own applets (mkfifo, mount, mkdir, mv)
 * without executing a new program, so they call them by name; `$B` remains for what must exec.
 */

/** Runs inside the container's root (busybox ash or the host's sh): cwd, command lookup, exec. */
const STAGE = [
  'wd=$1; p=$2; shift 2',
  'say() { echo "$*" >&3; }',
  'cd "$wd" 2>/dev/null || { mkdir -p "$wd" 2>/dev/null && cd "$wd"; } || { say "error chdir to cwd (\\"$wd\\") set in config.json failed: no such file or directory"; exit 128; }',
  'c=$1',
  'case $c in',
  '  */*) f=$c; [ -e "$f" ] || { say "error exec: \\"$c\\": stat $c: no such file or directory"; exit 128; } ;;',
  '  *) f=; IFS=:; for d in ${PATH:-/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin}; do',
  '       if [ -f "$d/$c" ] && [ -x "$d/$c" ]; then f=$d/$c; break; fi; done; unset IFS',
  '     [ -n "$f" ] || { say "error exec: \\"$c\\": executable file not found in \\$PATH"; exit 128; } ;;',
  'esac',
  '[ -x "$f" ] && [ ! -d "$f" ] || { say "error exec: \\"$c\\": permission denied"; exit 128; }',
  'say "started $p"',
  'exec 3>&-',
  'shift',
  'exec "$f" "$@"',
].join('\n');

export function superviseScript(busybox: string): string {
  return `# supervise.sh STATE EXITFILE STDIN(none|keep|tty) -- SETUP... (see scripts.ts)
B=${busybox}
st=$1; ex=$2; si=$3; shift 4
mkfifo "$st/stdout" "$st/stderr" || exit 1
[ "$si" = none ] || mkfifo "$st/stdin" || exit 1
if [ "$si" = tty ]; then
  # SETUP runs under script(1), which gives the container a terminal and copies it to and from these.
  "$@" 0<"$st/stdin" 1<>"$st/stdout" 2<>"$st/stderr" &
else
  "$@" &
fi
c=$!
exec 3>&-
h=
if [ "$si" != none ]; then
  # The writer that keeps the container's stdin open (killed for stdinOnce after the first attach).
  $B sleep 2147483647 4<>"$st/stdin" &
  h=$!
  echo $h > "$st/stdin-holder"
fi
exec 5<>"$st/stdout" 6<>"$st/stderr"
wait $c
r=$?
[ -z "$h" ] || kill $h 2>/dev/null
echo $r > "$ex.tmp" && mv "$ex.tmp" "$ex"
exec $B sleep 2147483647
`;
}

/**
 * setup.sh STATE BASE WORKDIR STDIN(0|1|tty) NCG [CGDIR]... NMOUNTS [HOST CONTAINER RO]... -- CMD...
 * BASE empty: no chroot and no volume mounts (non-busybox images, or no isolation). With `tty` the
 * standard streams are already a terminal (setup.sh runs under `script`) and are kept.
 */
export function setupScript(busybox: string): string {
  return `B=${busybox}
STAGE='${STAGE}'
st=$1; base=$2; wd=$3; si=$4; n=$5; shift 5
fail() { echo "error $*" >&3; exit 128; }
while [ "$n" -gt 0 ]; do echo 0 > "$1/cgroup.procs" || fail "cannot join cgroup $1"; shift; n=$((n-1)); done
read p _ < /proc/self/stat
r=
if [ -n "$base" ]; then
  r=$st/rootfs
  mount -t overlay overlay -o "lowerdir=$base,upperdir=$st/upper,workdir=$st/work" "$r" || fail "cannot mount the container root filesystem"
  mount -t proc proc "$r/proc" || fail "cannot mount /proc"
  if [ "$si" = tty ]; then mkdir -p "$r/dev/pts" && mount --bind /dev/pts "$r/dev/pts" || fail "cannot mount /dev/pts"; fi
fi
n=$1; shift
while [ "$n" -gt 0 ]; do
  h=$1; c=$2; ro=$3; shift 3; n=$((n-1))
  [ -n "$r" ] || continue
  t=$r$c
  if [ -d "$h" ]; then mkdir -p "$t"; else mkdir -p "\${t%/*}"; [ -e "$t" ] || : > "$t"; fi
  mount --bind "$h" "$t" || fail "cannot mount $h at $c"
  if [ "$ro" = 1 ]; then mount -o remount,bind,ro "$t" || fail "cannot make $c read-only"; fi
done
shift
if [ "$si" = 1 ]; then exec 0< "$st/stdin"; fi
[ "$si" = tty ] || exec 1<> "$st/stdout" 2<> "$st/stderr"
if [ -n "$r" ]; then exec $B chroot "$r" /bin/sh -c "$STAGE" sh "$wd" "$p" "$@"; fi
exec $B sh -c "$STAGE" sh "$wd" "$p" "$@"
`;
}

/**
 * The pod's namespace holder (like the pause container), run as PID 1 of the pod's PID namespace
 * by `unshare --fork --kill-child`: sets the hostname, reports `ready`, then reaps orphans forever.
 * $0 names the sandbox record (so leftovers can be found by their command line); $1 = hostname.
 */
export function holderScript(busybox: string): string {
  return `${busybox} hostname "$1" || exit 1; echo ready; exec >/dev/null; while :; do ${busybox} sleep 2147483647 & wait; done`;
}

/** Resolves `$1` on PATH the way the container would and execs it (exec sessions). */
export const EXEC_LOOKUP = [
  'c=$1',
  'case $c in */*) ;; *) f=; IFS=:; for d in ${PATH:-/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin}; do',
  '  if [ -f "$d/$c" ] && [ -x "$d/$c" ]; then f=$d/$c; break; fi; done; unset IFS',
  '  [ -n "$f" ] || { echo "exec: \\"$c\\": executable file not found in \\$PATH" >&2; exit 127; }',
  '  shift; set -- "$f" "$@" ;;',
  'esac',
  'exec "$@"',
].join('\n');

/**
 * exec.sh PID NCG [CGDIR]... -- CMD...: joins the container's cgroups, then its namespaces, root
 * and working directory (nsenter -r -w), and runs CMD resolved on the container's PATH.
 */
export function execScript(nsenter: string): string {
  return `p=$1; n=$2; shift 2
while [ "$n" -gt 0 ]; do echo 0 > "$1/cgroup.procs" 2>/dev/null; shift; n=$((n-1)); done
shift
exec ${nsenter} -t "$p" -m -u -i -p -r -w -- /bin/sh -c '${EXEC_LOOKUP}' sh "$@"
`;
}

/** Quotes `s` for a POSIX shell. */
export function shellQuote(s: string): string {
  return `'${s.replaceAll("'", "'\\''")}'`;
}
