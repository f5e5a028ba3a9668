/**
 * How much browser storage the app uses and may use, whether the browser keeps it under
 * pressure ("persistent"), and when it runs short. Browsers may evict the data of an origin that
 * is not persistent when the disk fills up, so the app asks for persistence once the user has
 * data of their own, shows usage and quota in the settings, and warns while little is left.
 */

/** The parts of `navigator.storage` the app uses (absent in some browsers and in Node). */
export interface StorageApi {
  persisted(): Promise<boolean>;
  persist(): Promise<boolean>;
  estimate(): Promise<{ usage?: number; quota?: number }>;
}

/** Below this much free quota the app warns (or below a fifth of the quota, whichever is more). */
export const LOW_STORAGE_BYTES = 100 * 1024 * 1024;

/** Is this a write that failed because the storage is full (also wrapped by Dexie, or after crossing a worker)? */
export function isQuotaError(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    if (typeof current !== 'object') return false;
    const { name, message, inner } = current as { name?: unknown; message?: unknown; inner?: unknown };
    if (name === 'QuotaExceededError' || (typeof message === 'string' && /QuotaExceeded|quota (has been )?exceeded/i.test(message))) return true;
    current = inner;
  }
  return false;
}

export class StorageStatus {
  readonly #api: StorageApi | null;
  /** Bytes used by the origin; null while unknown (or not reported by the browser). */
  usage = $state<number | null>(null);
  quota = $state<number | null>(null);
  /** Whether the browser keeps the data even when disk space runs short; null: unknown. */
  persisted = $state<boolean | null>(null);

  constructor(api: StorageApi | null) {
    this.#api = api;
  }

  get available(): boolean {
    return this.#api !== null;
  }

  /** Bytes still free in the quota. */
  get remaining(): number | null {
    return this.usage === null || this.quota === null ? null : Math.max(0, this.quota - this.usage);
  }

  /** Little space left: the app warns. */
  get low(): boolean {
    const remaining = this.remaining;
    return remaining !== null && this.quota !== null && remaining < Math.max(LOW_STORAGE_BYTES, this.quota / 5);
  }

  /** Share of the quota used, 0…1. */
  get share(): number | null {
    return this.usage === null || !this.quota ? null : Math.min(1, this.usage / this.quota);
  }

  async refresh(): Promise<void> {
    if (!this.#api) return;
    try {
      const [estimate, persisted] = await Promise.all([this.#api.estimate(), this.#api.persisted()]);
      this.usage = estimate.usage ?? null;
      this.quota = estimate.quota ?? null;
      this.persisted = persisted;
    } catch {
      // A browser that refuses to tell (some private modes) just shows nothing.
    }
  }

  /** Ask the browser to keep the data under storage pressure; returns whether it does. */
  async requestPersistence(): Promise<boolean> {
    if (!this.#api) return false;
    try {
      this.persisted = (await this.#api.persisted()) || (await this.#api.persist());
    } catch {
      this.persisted = false;
    }
    return this.persisted;
  }

  /**
   * Whether `bytes` more will probably fit. Unknown quota counts as fitting (the write itself
   * then reports a full storage, and its transaction stores nothing).
   */
  fits(bytes: number): boolean {
    const remaining = this.remaining;
    return remaining === null || bytes <= remaining;
  }
}
