// Reads what a target process costs from /proc: CPU time and resident memory.
// Measuring from outside keeps the load generator's own CPU out of the figures, which is why
// every target runs as a child process with a pid of its own.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const clockTicksPerSecond = readClockTicks();

function readClockTicks(): number {
  try {
    const ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return Number.isFinite(ticks) && ticks > 0 ? ticks : 100;
  } catch {
    return 100;
  }
}

function processTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces and parentheses: fields are counted after its
  // closing parenthesis, where field 3 (state) is index 0, so utime (14) and stime (15) are 11, 12.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/**
 * Nanoseconds on CPU of all the process's threads, from the scheduler's own accounting
 * (/proc/<pid>/task/<tid>/schedstat, first field); undefined where the kernel does not offer it.
 * utime + stime only move in 10 ms ticks, too coarse for a burst of 200 requests.
 */
function schedulerNanos(pid: number): number | undefined {
  try {
    let total = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const runtime = Number(
        readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0],
      );
      if (!Number.isFinite(runtime)) return undefined;
      total += runtime;
    }
    return total;
  } catch {
    return undefined;
  }
}

/** CPU time the process has used so far (user + system, all threads), in microseconds. */
export function cpuMicros(pid: number): number {
  const nanos = schedulerNanos(pid);
  return nanos === undefined ? (processTicks(pid) * 1_000_000) / clockTicksPerSecond : nanos / 1000;
}

/** CPU time all processes of the machine used so far, all cores, in clock ticks (/proc/stat). */
function machineBusyTicks(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
  // cpu user nice system idle ...: interrupt time is left out, as it is never charged to a
  // process and loopback traffic of the bench itself lands there.
  const [user, nice, system] = line.trim().split(/\s+/).slice(1).map(Number);
  return (user ?? 0) + (nice ?? 0) + (system ?? 0);
}

export interface MemoryReading {
  rssBytes: number;
  /** The kernel's high-water mark of RSS over the process's whole life. */
  hwmBytes: number;
}

export function readMemory(pid: number): MemoryReading {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return {
    rssBytes: statusKiB(status, 'VmRSS') * 1024,
    hwmBytes: statusKiB(status, 'VmHWM') * 1024,
  };
}

function statusKiB(status: string, key: string): number {
  const match = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status);
  return match?.[1] === undefined ? 0 : Number(match[1]);
}

export interface RssSampler {
  /** Stops sampling; returns the highest RSS seen while it ran, and the kernel's HWM. */
  stop(): MemoryReading;
}

/** Samples RSS every `everyMs` so a short peak during the load is not missed. */
export function sampleRss(pid: number, everyMs = 100): RssSampler {
  let peak = readMemory(pid);
  const timer = setInterval(() => {
    try {
      const now = readMemory(pid);
      peak = { rssBytes: Math.max(peak.rssBytes, now.rssBytes), hwmBytes: now.hwmBytes };
    } catch {
      // The process may be gone; the caller learns that from its own exit handling.
    }
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return peak;
    },
  };
}

export interface ProcessUsage {
  cpuMicros: number;
  peakRssBytes: number;
  hwmBytes: number;
  /**
   * Cores' worth of CPU used meanwhile by processes that are not part of the bench (the target,
   * the upstream, the load generator): on a shared machine, the sign that figures are depressed.
   */
  foreignCores: number;
  /** Wall-clock length of the metered stretch. */
  seconds: number;
}

/** CPU and RSS of one process over one measured stretch of load. */
export interface ProcessMeter {
  stop(): ProcessUsage;
}

/** Meters `pid`; `benchPids` (the upstream, say) are ours too and not counted as foreign. */
export function meterProcess(pid: number, benchPids: number[] = []): ProcessMeter {
  const ours = [...new Set([pid, process.pid, ...benchPids])];
  const oursTicks = () => ours.reduce((sum, each) => sum + processTicks(each), 0);
  const startedAt = performance.now();
  const machineBefore = machineBusyTicks();
  const oursBefore = oursTicks();
  const cpuBefore = cpuMicros(pid);
  const rss = sampleRss(pid);
  return {
    stop() {
      const cpu = cpuMicros(pid) - cpuBefore;
      const foreignTicks = machineBusyTicks() - machineBefore - (oursTicks() - oursBefore);
      const seconds = (performance.now() - startedAt) / 1000;
      const memory = rss.stop();
      return {
        cpuMicros: cpu,
        peakRssBytes: memory.rssBytes,
        hwmBytes: memory.hwmBytes,
        foreignCores: seconds > 0 ? Math.max(0, foreignTicks / clockTicksPerSecond / seconds) : 0,
        seconds,
      };
    },
  };
}
