/**
 * tf.train.ClusterSpec (TF 1.15's server_lib.ClusterSpec): a cluster as job names and their tasks' addresses, which
 * replica_device_setter takes for its parameter-server count. scopeflow runs one process (no tf.train.Server), so
 * a ClusterSpec only describes the cluster.
 */
import { TFTypeError, ValueError } from '../framework/errors';
import { pythonClass } from '../framework/python_signature';

/** One job's tasks: addresses in task order, or task index → address. */
export type JobTasks = readonly string[] | Readonly<Record<number, string>>;
export type ClusterDict = Readonly<Record<string, JobTasks>>;

export class ClusterSpecImpl {
  private readonly spec = new Map<string, Map<number, string>>();

  /** @example tf.train.ClusterSpec({ps: ['ps0:2222', 'ps1:2222'], worker: ['worker0:2222']}) */
  constructor(cluster: ClusterDict | ClusterSpecImpl = {}) {
    if (cluster instanceof ClusterSpecImpl) {
      for (const [job, tasks] of cluster.spec) this.spec.set(job, new Map(tasks));
      return;
    }
    if (typeof cluster !== 'object' || cluster === null) throw new TFTypeError('`cluster` must be a dictionary mapping one or more job names to (i) a list of network addresses, or (ii) a dictionary mapping integer task indices to network addresses; or a `tf.train.ClusterDef` protocol buffer');
    for (const job of Object.keys(cluster)) {
      const tasks = cluster[job];
      const m = new Map<number, string>();
      if (Array.isArray(tasks)) tasks.forEach((addr, i) => m.set(i, addr));
      else if (typeof tasks === 'object' && tasks !== null) {
        for (const [k, addr] of Object.entries(tasks)) {
          if (!/^\d+$/.test(k)) throw new TFTypeError(`Task index must be an integer, got ${k} in job ${job}`);
          m.set(Number(k), addr as string);
        }
      } else throw new TFTypeError(`The tasks for job ${JSON.stringify(job)} must be a list or a dictionary from integers to strings.`);
      this.spec.set(job, m);
    }
  }

  /** The job names, sorted. */
  get jobs(): string[] { return [...this.spec.keys()].sort(); }

  /** Each job's tasks: a list when its task indices are 0..n-1, else index → address (TF's as_dict). */
  as_dict(): Record<string, string[] | Record<number, string>> {
    const out: Record<string, string[] | Record<number, string>> = {};
    for (const job of this.jobs) {
      const indices = this.task_indices(job);
      const tasks = this.spec.get(job)!;
      out[job] = indices.length === 0 ? [] : indices[indices.length - 1] === indices.length - 1 ? indices.map((i) => tasks.get(i)!) : Object.fromEntries(indices.map((i) => [i, tasks.get(i)!]));
    }
    return out;
  }

  num_tasks(job_name: string): number { return this.job(job_name).size; }
  task_indices(job_name: string): number[] { return [...this.job(job_name).keys()].sort((a, b) => a - b); }

  task_address(job_name: string, task_index: number): string {
    const addr = this.job(job_name).get(task_index);
    if (addr === undefined) throw new ValueError(`No task with index ${task_index} in job ${JSON.stringify(job_name)}`);
    return addr;
  }

  /** The job's addresses by task index, null where an index has no task. */
  job_tasks(job_name: string): (string | null)[] {
    const tasks = this.job(job_name);
    const n = tasks.size ? Math.max(...tasks.keys()) + 1 : 0;
    return Array.from({ length: n }, (_, i) => tasks.get(i) ?? null);
  }

  toString(): string { return `ClusterSpec(${JSON.stringify(this.as_dict())})`; }

  private job(name: string): Map<number, string> {
    const j = this.spec.get(name);
    if (!j) throw new ValueError(`No such job in cluster: ${JSON.stringify(name)}`);
    return j;
  }
}

export const ClusterSpec = pythonClass('ClusterSpec', ['cluster: dict'], 1, ClusterSpecImpl);
export type ClusterSpec = ClusterSpecImpl;
