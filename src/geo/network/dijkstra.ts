/**
 * Dijkstra's shortest paths on a CSR graph, single- or multi-source, with a time cutoff.
 *
 * `ShortestPaths` is a reusable workspace for one graph size: typed arrays for the times, the
 * label of the source that reached each node, the settled nodes in order, and a binary min-heap
 * of (time, node) pairs in two parallel typed arrays. The heap uses lazy deletion instead of
 * decrease-key: a node whose time falls is pushed again and its older, larger entries are
 * skipped when they come up. That writes two numbers per heap level instead of three (no slot
 * index to keep up) and measured about a third faster than an indexed 4-ary heap with
 * decrease-key on the bench network; the heap holds at most one entry per improvement.
 * Nothing is allocated per search (the heap grows once when needed), and a run resets only the
 * nodes the previous run touched, so many small searches (one per candidate site) cost what
 * they visit, not the size of the graph.
 *
 * Multi-source: every seed enters with its own start time (the walk from a place to the
 * network) and label; a node gets the label of the seed it is nearest to (the first found on
 * ties), which makes one run answer "how far is the nearest Kita, and which one" for every node.
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
  readonly #done: Uint8Array;
  #heapKeys: Float64Array;
  #heapNodes: Int32Array;
  #size = 0;

  constructor(nodeCount: number) {
    this.nodeCount = nodeCount;
    this.seconds = new Float64Array(nodeCount).fill(Infinity);
    this.label = new Int32Array(nodeCount).fill(-1);
    this.settled = new Int32Array(nodeCount);
    this.#done = new Uint8Array(nodeCount);
    this.#heapKeys = new Float64Array(Math.max(16, nodeCount));
    this.#heapNodes = new Int32Array(Math.max(16, nodeCount));
  }

  /** Shortest times from the seeds over `graph` up to `cutoffSeconds`. Seeds with a node outside the graph throw. */
  run(graph: CsrGraph, seeds: Seeds, cutoffSeconds = Infinity): this {
    if (graph.nodeCount !== this.nodeCount) throw new RangeError(`ShortestPaths for ${this.nodeCount} nodes run on a graph of ${graph.nodeCount}`);
    this.#reset();
    const { seconds, label, settled } = this;
    const done = this.#done;
    for (let seed = 0; seed < seeds.nodes.length; seed++) {
      const node = seeds.nodes[seed]!;
      const start = seeds.seconds[seed]!;
      if (!Number.isInteger(node) || node < 0 || node >= this.nodeCount) throw new RangeError(`seed ${seed}: node ${node} is not in the graph`);
      if (!(start >= 0) || start > cutoffSeconds || start >= seconds[node]!) continue;
      seconds[node] = start;
      label[node] = seeds.labels ? seeds.labels[seed]! : seed;
      this.#push(start, node);
    }
    const { offsets, targets } = graph;
    const weights = graph.seconds;
    let settledCount = 0;
    let scans = 0;
    while (this.#size > 0) {
      const time = this.#heapKeys[0]!;
      const node = this.#heapNodes[0]!;
      this.#pop();
      // An older entry of a node reached faster since.
      if (done[node]) continue;
      done[node] = 1;
      settled[settledCount++] = node;
      const nodeLabel = label[node]!;
      const end = offsets[node + 1]!;
      for (let edge = offsets[node]!; edge < end; edge++) {
        const target = targets[edge]!;
        const candidate = time + weights[edge]!;
        if (candidate < seconds[target]! && candidate <= cutoffSeconds) {
          seconds[target] = candidate;
          label[target] = nodeLabel;
          this.#push(candidate, target);
        }
      }
      scans += end - offsets[node]!;
    }
    this.settledCount = settledCount;
    this.edgeScans = scans;
    return this;
  }

  /** Forget the last run: every node it gave a time was pushed, so settled; only those changed. */
  #reset(): void {
    const { seconds, label, settled } = this;
    const done = this.#done;
    for (let index = 0; index < this.settledCount; index++) {
      const node = settled[index]!;
      seconds[node] = Infinity;
      label[node] = -1;
      done[node] = 0;
    }
    this.settledCount = 0;
    this.#size = 0;
  }

  #push(key: number, node: number): void {
    if (this.#size === this.#heapKeys.length) {
      const keys = new Float64Array(this.#size * 2);
      keys.set(this.#heapKeys);
      this.#heapKeys = keys;
      const nodes = new Int32Array(this.#size * 2);
      nodes.set(this.#heapNodes);
      this.#heapNodes = nodes;
    }
    const keys = this.#heapKeys;
    const nodes = this.#heapNodes;
    let at = this.#size++;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      const parentKey = keys[parent]!;
      if (parentKey <= key) break;
      keys[at] = parentKey;
      nodes[at] = nodes[parent]!;
      at = parent;
    }
    keys[at] = key;
    nodes[at] = node;
  }

  /** Remove the smallest entry. */
  #pop(): void {
    const size = --this.#size;
    if (size === 0) return;
    const keys = this.#heapKeys;
    const nodes = this.#heapNodes;
    const key = keys[size]!;
    const node = nodes[size]!;
    let at = 0;
    for (;;) {
      let child = 2 * at + 1;
      if (child >= size) break;
      if (child + 1 < size && keys[child + 1]! < keys[child]!) child++;
      const childKey = keys[child]!;
      if (childKey >= key) break;
      keys[at] = childKey;
      nodes[at] = nodes[child]!;
      at = child;
    }
    keys[at] = key;
    nodes[at] = node;
  }
}
