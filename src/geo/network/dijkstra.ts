/**
 * Dijkstra's shortest paths on a CSR graph, single- or multi-source, with a time cutoff.
 *
 * `ShortestPaths` is a reusable workspace for one graph size: typed arrays for the times, the
 * label of the source that reached each node, the settled nodes in order, and an indexed 4-ary
 * min-heap (node ids in `#heap` with their keys beside them in `#keys`, so sifting compares
 * neighbouring memory instead of looking up each child's time; each node's slot in `#slot`)
 * with decrease-key, so a node is in the heap at most once and nothing is allocated per search. A run resets only the nodes the
 * previous run touched, so many small searches (one per candidate site) cost what they visit,
 * not the size of the graph.
 *
 * Multi-source: every seed enters with its own start time (the walk from a place to the
 * network) and label; a node gets the label of the seed it is nearest to, which makes one run
 * answer "how far is the nearest Kita, and which one" for every node at once.
 *
 * Cutoff: a node is settled only when its time is at most `cutoffSeconds`, and candidates above
 * it never enter the heap; after a run `seconds` holds exactly the times ≤ cutoff (Infinity
 * elsewhere). Edge times must be non-negative (travel times are).
 */
import type { CsrGraph } from './travel-graph';

export interface Seeds {
  nodes: ArrayLike<number>;
  /** Start time per seed (seconds). */
  seconds: ArrayLike<number>;
  /** Label per seed (e.g. the index of the source it stands for); default: the seed's index. */
  labels?: ArrayLike<number>;
}

const ARITY = 4;
const ARITY_SHIFT = 2;
const NOT_QUEUED = -1;
const SETTLED = -2;

export class ShortestPaths {
  readonly nodeCount: number;
  /** Time from the nearest seed, seconds; Infinity for nodes not reached within the cutoff. */
  readonly seconds: Float64Array;
  /** Label of the seed each reached node is nearest to; -1 elsewhere. */
  readonly label: Int32Array;
  /** The reached nodes in the order they were settled (by time): `settled[0 … settledCount)`. */
  readonly settled: Int32Array;
  settledCount = 0;
  /** Edges looked at during the last run. */
  edgeScans = 0;
  readonly #heap: Int32Array;
  readonly #keys: Float64Array;
  readonly #slot: Int32Array;
  #size = 0;

  constructor(nodeCount: number) {
    this.nodeCount = nodeCount;
    this.seconds = new Float64Array(nodeCount).fill(Infinity);
    this.label = new Int32Array(nodeCount).fill(-1);
    this.settled = new Int32Array(nodeCount);
    this.#heap = new Int32Array(nodeCount);
    this.#keys = new Float64Array(nodeCount);
    this.#slot = new Int32Array(nodeCount).fill(NOT_QUEUED);
  }

  /** Shortest times from the seeds over `graph` up to `cutoffSeconds`. Seeds with a node outside the graph throw. */
  run(graph: CsrGraph, seeds: Seeds, cutoffSeconds = Infinity): this {
    if (graph.nodeCount !== this.nodeCount) throw new RangeError(`ShortestPaths for ${this.nodeCount} nodes run on a graph of ${graph.nodeCount}`);
    this.#reset();
    const { seconds, label } = this;
    const slot = this.#slot;
    for (let seed = 0; seed < seeds.nodes.length; seed++) {
      const node = seeds.nodes[seed]!;
      const start = seeds.seconds[seed]!;
      if (!Number.isInteger(node) || node < 0 || node >= this.nodeCount) throw new RangeError(`seed ${seed}: node ${node} is not in the graph`);
      if (!(start >= 0) || start > cutoffSeconds || start >= seconds[node]!) continue;
      seconds[node] = start;
      label[node] = seeds.labels ? seeds.labels[seed]! : seed;
      if (slot[node] === NOT_QUEUED) this.#push(node);
      else this.#siftUp(slot[node]!);
    }
    const { offsets, targets } = graph;
    const weights = graph.seconds;
    const settled = this.settled;
    let settledCount = 0;
    let scans = 0;
    while (this.#size > 0) {
      const node = this.#pop();
      slot[node] = SETTLED;
      settled[settledCount++] = node;
      const time = seconds[node]!;
      const nodeLabel = label[node]!;
      const end = offsets[node + 1]!;
      for (let edge = offsets[node]!; edge < end; edge++) {
        const target = targets[edge]!;
        const candidate = time + weights[edge]!;
        if (candidate < seconds[target]! && candidate <= cutoffSeconds) {
          seconds[target] = candidate;
          label[target] = nodeLabel;
          const at = slot[target]!;
          if (at === NOT_QUEUED) this.#push(target);
          else this.#siftUp(at);
        }
      }
      scans += end - offsets[node]!;
    }
    this.settledCount = settledCount;
    this.edgeScans = scans;
    return this;
  }

  /** Forget the last run: only the nodes it settled were changed (every queued node gets settled). */
  #reset(): void {
    const { seconds, label, settled } = this;
    const slot = this.#slot;
    for (let index = 0; index < this.settledCount; index++) {
      const node = settled[index]!;
      seconds[node] = Infinity;
      label[node] = -1;
      slot[node] = NOT_QUEUED;
    }
    this.settledCount = 0;
    this.#size = 0;
  }

  #push(node: number): void {
    const at = this.#size++;
    this.#heap[at] = node;
    this.#keys[at] = this.seconds[node]!;
    this.#slot[node] = at;
    this.#siftUp(at);
  }

  #pop(): number {
    const heap = this.#heap;
    const top = heap[0]!;
    const size = --this.#size;
    if (size > 0) {
      heap[0] = heap[size]!;
      this.#keys[0] = this.#keys[size]!;
      this.#slot[heap[0]!] = 0;
      this.#siftDown(0);
    }
    return top;
  }

  /** Move the node at `start` up after its time fell (also sets its key from `seconds`). */
  #siftUp(start: number): void {
    const heap = this.#heap;
    const keys = this.#keys;
    const slot = this.#slot;
    const node = heap[start]!;
    const key = this.seconds[node]!;
    let at = start;
    while (at > 0) {
      const parentAt = (at - 1) >> ARITY_SHIFT;
      const parentKey = keys[parentAt]!;
      if (parentKey <= key) break;
      const parent = heap[parentAt]!;
      heap[at] = parent;
      keys[at] = parentKey;
      slot[parent] = at;
      at = parentAt;
    }
    heap[at] = node;
    keys[at] = key;
    slot[node] = at;
  }

  #siftDown(start: number): void {
    const heap = this.#heap;
    const keys = this.#keys;
    const slot = this.#slot;
    const size = this.#size;
    const node = heap[start]!;
    const key = keys[start]!;
    let at = start;
    for (;;) {
      const first = (at << ARITY_SHIFT) + 1;
      if (first >= size) break;
      let best = first;
      let bestKey = keys[first]!;
      const last = first + ARITY < size ? first + ARITY : size;
      for (let child = first + 1; child < last; child++) {
        const childKey = keys[child]!;
        if (childKey < bestKey) {
          best = child;
          bestKey = childKey;
        }
      }
      if (bestKey >= key) break;
      const moved = heap[best]!;
      heap[at] = moved;
      keys[at] = bestKey;
      slot[moved] = at;
      at = best;
    }
    heap[at] = node;
    keys[at] = key;
    slot[node] = at;
  }
}
