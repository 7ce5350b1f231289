/** Facts about host processes from /proc (identity across pid reuse, liveness, usage). */
import { readFileSync } from 'node:fs';

/** The process's start time (clock ticks since boot, /proc/<pid>/stat field 22), or undefined if gone. */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 2 (comm) may contain spaces and parentheses: split after its closing parenthesis.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return rest[19]; // fields 3.. → index 0 is field 3; field 22 is index 19
  } catch {
    return undefined;
  }
}

/** True when `pid` still names the process that started at `startTime`. */
export function isSameProcess(pid: number | undefined, startTime: string | undefined): boolean {
  if (pid === undefined || pid <= 0 || startTime === undefined) return false;
  const now = processStartTime(pid);
  if (now !== startTime) return false;
  try {
    // A zombie (exited, not yet reaped) no longer runs.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat[stat.lastIndexOf(')') + 2] !== 'Z';
  } catch {
    return false;
  }
}

/** Sends `signal`, ignoring a process that is already gone. */
export function signalProcess(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined || pid <= 0) return;
  try {
    process.kill(pid, signal);
  } catch {
    // ESRCH: gone already.
  }
}

/** CPU time (ns) and RSS (bytes) of one process from /proc, for runs without cgroups. */
export function processUsage(pid: number): { cpuNanos: number; rssBytes: number } {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(rest[11]) + Number(rest[12]); // utime, stime (fields 14, 15)
    const rssPages = Number(rest[21]); // field 24
    return { cpuNanos: ticks * 1e7, rssBytes: rssPages * 4096 };
  } catch {
    return { cpuNanos: 0, rssBytes: 0 };
  }
}
