/**
 * Workers for jobs the user can cancel (reading files). Each running job has a worker to
 * itself; when the job ends its worker waits idle for the next one. Cancelling a job
 * terminates its worker, so the work really stops (a flag checked between steps could not
 * interrupt a long JSON.parse), and the next job starts a fresh worker. Jobs that run at the
 * same time on other workers are not affected.
 *
 * DOM-free apart from AbortSignal: the worker factory is injected, so Node tests use fakes.
 */

export class CancelledError extends Error {
  override name = 'CancelledError';
  constructor() {
    super('The job was cancelled');
  }
}

export function isCancelled(error: unknown): boolean {
  return error instanceof CancelledError || (error instanceof Error && error.name === 'CancelledError');
}

/** A started worker: its (comlink) interface and how to stop it at once. */
export interface PooledWorker<Remote> {
  remote: Remote;
  terminate(): void;
}

export class CancellableWorkerPool<Remote> {
  readonly #create: () => PooledWorker<Remote>;
  readonly #maxIdle: number;
  readonly #idle: PooledWorker<Remote>[] = [];
  #started = 0;
  #busy = 0;

  /** `maxIdle`: how many finished workers are kept for the next jobs (the rest are terminated). */
  constructor(create: () => PooledWorker<Remote>, options: { maxIdle?: number } = {}) {
    this.#create = create;
    this.#maxIdle = options.maxIdle ?? 1;
  }

  /** How many workers were started so far. */
  get started(): number {
    return this.#started;
  }

  /** How many jobs are running. */
  get busy(): number {
    return this.#busy;
  }

  /**
   * Run `job` on a worker of its own. When `signal` aborts before the job settles, the worker
   * is terminated and the promise rejects with CancelledError; a late result is dropped.
   */
  run<Job extends (remote: Remote) => Promise<unknown>>(job: Job, signal?: AbortSignal): Promise<Awaited<ReturnType<Job>>> {
    type T = Awaited<ReturnType<Job>>;
    if (signal?.aborted) return Promise.reject(new CancelledError());
    const worker = this.#idle.pop() ?? this.#start();
    this.#busy++;
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const finish = () => {
        settled = true;
        this.#busy--;
        signal?.removeEventListener('abort', onAbort);
      };
      const onAbort = () => {
        if (settled) return;
        finish();
        worker.terminate();
        reject(new CancelledError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      let running: Promise<T>;
      try {
        running = job(worker.remote) as Promise<T>;
      } catch (error) {
        running = Promise.reject(error);
      }
      running.then(
        (value) => {
          if (settled) return;
          finish();
          this.#release(worker);
          resolve(value);
        },
        (error: unknown) => {
          if (settled) return;
          finish();
          // A job that failed inside the worker leaves the worker usable, but a crashed
          // worker might not be: do not reuse it.
          worker.terminate();
          reject(error);
        },
      );
    });
  }

  /** Terminate the idle workers (running jobs keep theirs until they end). */
  dispose(): void {
    for (const worker of this.#idle.splice(0)) worker.terminate();
  }

  #start(): PooledWorker<Remote> {
    this.#started++;
    return this.#create();
  }

  #release(worker: PooledWorker<Remote>): void {
    if (this.#idle.length < this.#maxIdle) this.#idle.push(worker);
    else worker.terminate();
  }
}
