/**
 * The processes cells start (`child_process.spawn('sleep', ['60'])`, a shell's background job) are
 * ended when the kernel shuts down or restarts, as ipykernel does: the kernel's descendants, and
 * every other member of its process group when the kernel leads one (jupyter_client starts kernels
 * in a session of their own, so orphans of a cell's shell stay in that group).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';

interface ProcessEntry {
  pid: number;
  ppid: number;
  pgid: number;
}

/** Every process of the machine with its parent and group: from /proc on Linux, else from `ps`. */
function processTable(): ProcessEntry[] {
  if (fs.existsSync('/proc/self/stat')) {
    const entries: ProcessEntry[] = [];
    for (const name of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      let stat: string;
      try { stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8'); } catch { continue; }   // it just exited
      // `pid (command) state ppid pgrp ...`; the command may hold spaces and parentheses.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      entries.push({ pid: Number(name), ppid: Number(fields[1]), pgid: Number(fields[2]) });
    }
    return entries;
  }
  try {
    const text = execFileSync('ps', ['-A', '-o', 'pid=,ppid=,pgid='], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return text.trim().split('\n').map((line) => {
      const [pid, ppid, pgid] = line.trim().split(/\s+/).map(Number);
      return { pid, ppid, pgid };
    });
  } catch {
    return [];
  }
}

/** The processes the kernel (process `self`) is answerable for: its descendants, and its group's other members when it leads the group. */
export function cellProcesses(self: number = process.pid, table: readonly ProcessEntry[] = processTable()): number[] {
  const own = table.find((p) => p.pid === self);
  const leadsGroup = own !== undefined && own.pgid === self;
  const children = new Map<number, number[]>();
  for (const p of table) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p.pid]);
  const found = new Set<number>();
  const stack = [...(children.get(self) ?? [])];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    if (found.has(pid) || pid === self) continue;
    found.add(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  if (leadsGroup) for (const p of table) if (p.pgid === self && p.pid !== self) found.add(p.pid);
  return [...found];
}

function signal(pid: number, name: NodeJS.Signals | 0): boolean {
  try {
    process.kill(pid, name);
    return true;
  } catch {
    return false;   // gone already, or not ours to signal
  }
}

/**
 * Ends the cells' processes: SIGTERM, then SIGKILL for those still there after `graceMs`.
 * Synchronous (it runs on the way out, also from the I/O thread while the main thread is stuck).
 */
export function endCellProcesses(graceMs = 300): number[] {
  const pids = cellProcesses().filter((pid) => signal(pid, 'SIGTERM'));
  if (pids.length === 0) return [];
  const deadline = Date.now() + graceMs;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  let alive = pids;
  while (alive.length > 0 && Date.now() < deadline) {
    Atomics.wait(pause, 0, 0, 20);
    alive = alive.filter((pid) => signal(pid, 0) && !isZombie(pid));
  }
  for (const pid of alive) signal(pid, 'SIGKILL');
  return pids;
}

/** A child that exited but was not reaped yet (Node reaps its children from the event loop) counts as ended. */
function isZombie(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}
