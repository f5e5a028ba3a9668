import { describe, expect, it } from 'vitest';
import { CancellableWorkerPool, CancelledError, isCancelled } from '../../../src/workers/worker-pool';

/** A fake worker whose jobs finish only when the test says so; records termination. */
class FakeWorker {
  static count = 0;
  readonly id = ++FakeWorker.count;
  terminated = false;
  readonly pending: { resolve: (value: string) => void; reject: (error: Error) => void }[] = [];
  readonly remote = {
    read: (name: string) =>
      new Promise<string>((resolve, reject) => {
        if (this.terminated) throw new Error('used after termination');
        this.pending.push({ resolve: (value) => resolve(`${name}:${value}`), reject });
      }),
  };
  terminate() {
    this.terminated = true;
  }
}

function pool(maxIdle?: number) {
  const workers: FakeWorker[] = [];
  const created = new CancellableWorkerPool<FakeWorker['remote']>(
    () => {
      const worker = new FakeWorker();
      workers.push(worker);
      return { remote: worker.remote, terminate: () => worker.terminate() };
    },
    { maxIdle },
  );
  return { pool: created, workers };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('CancellableWorkerPool', () => {
  it('runs a job on a worker and reuses the idle worker for the next job', async () => {
    const { pool: files, workers } = pool();
    const first = files.run((remote) => remote.read('a.geojson'));
    expect(files.busy).toBe(1);
    workers[0]!.pending[0]!.resolve('done');
    await expect(first).resolves.toBe('a.geojson:done');
    expect(files.busy).toBe(0);

    const second = files.run((remote) => remote.read('b.geojson'));
    expect(workers).toHaveLength(1);
    workers[0]!.pending[1]!.resolve('done');
    await expect(second).resolves.toBe('b.geojson:done');
    expect(files.started).toBe(1);
  });

  it('terminates the worker of a cancelled job at once, rejects it, and starts a fresh worker next time', async () => {
    const { pool: files, workers } = pool();
    const controller = new AbortController();
    const job = files.run((remote) => remote.read('big.geojson'), controller.signal);
    await tick();
    controller.abort();
    await expect(job).rejects.toBeInstanceOf(CancelledError);
    expect(workers[0]!.terminated).toBe(true);
    expect(files.busy).toBe(0);
    // A result that still arrives is dropped (the promise has already settled).
    workers[0]!.pending[0]!.resolve('late');

    const next = files.run((remote) => remote.read('small.geojson'));
    expect(workers).toHaveLength(2);
    expect(workers[1]!.terminated).toBe(false);
    workers[1]!.pending[0]!.resolve('ok');
    await expect(next).resolves.toBe('small.geojson:ok');
  });

  it('does not disturb other jobs when one is cancelled', async () => {
    const { pool: files, workers } = pool();
    const controller = new AbortController();
    const cancelled = files.run((remote) => remote.read('one'), controller.signal);
    const other = files.run((remote) => remote.read('two'));
    expect(workers).toHaveLength(2);
    controller.abort();
    await expect(cancelled).rejects.toSatisfy(isCancelled);
    expect(workers[1]!.terminated).toBe(false);
    workers[1]!.pending[0]!.resolve('fine');
    await expect(other).resolves.toBe('two:fine');
  });

  it('starts no worker for a job cancelled before it began, and ignores an abort after the result', async () => {
    const { pool: files, workers } = pool();
    const controller = new AbortController();
    controller.abort();
    await expect(files.run((remote) => remote.read('x'), controller.signal)).rejects.toBeInstanceOf(CancelledError);
    expect(workers).toHaveLength(0);

    const late = new AbortController();
    const job = files.run((remote) => remote.read('y'), late.signal);
    workers[0]!.pending[0]!.resolve('ok');
    await expect(job).resolves.toBe('y:ok');
    late.abort();
    expect(workers[0]!.terminated).toBe(false);
  });

  it('passes failures through, does not reuse a failed worker, and keeps at most maxIdle idle workers', async () => {
    const { pool: files, workers } = pool(1);
    const failing = files.run((remote) => remote.read('bad'));
    workers[0]!.pending[0]!.reject(new Error('broken file'));
    await expect(failing).rejects.toThrow('broken file');
    expect(workers[0]!.terminated).toBe(true);

    const a = files.run((remote) => remote.read('a'));
    const b = files.run((remote) => remote.read('b'));
    workers[1]!.pending[0]!.resolve('1');
    workers[2]!.pending[0]!.resolve('2');
    await Promise.all([a, b]);
    expect(workers.filter((worker) => !worker.terminated)).toHaveLength(1);
    files.dispose();
    expect(workers.every((worker) => worker.terminated)).toBe(true);
  });
});
