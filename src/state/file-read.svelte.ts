/**
 * One cancellable read of a chosen file at a time, for import dialogs: starting a read aborts
 * the previous one (its worker is terminated), and a read that was cancelled or replaced
 * reports nothing.
 */
export class FileRead {
  #controller: AbortController | null = null;
  reading = $state(false);
  /** 0…1 while reading, when the reader reports progress. */
  progress = $state(0);

  /**
   * Run `read`; resolves with its value, or null when it was cancelled or a newer read started.
   * Other failures are thrown to the caller.
   */
  async run<T>(read: (signal: AbortSignal, onProgress: (fraction: number) => void) => Promise<T>): Promise<{ value: T } | null> {
    this.#controller?.abort();
    const current = new AbortController();
    this.#controller = current;
    this.reading = true;
    this.progress = 0;
    try {
      const value = await read(current.signal, (fraction) => {
        if (this.#controller === current) this.progress = fraction;
      });
      return this.#controller === current ? { value } : null;
    } catch (error) {
      if (current.signal.aborted || this.#controller !== current) return null;
      throw error;
    } finally {
      if (this.#controller === current) {
        this.#controller = null;
        this.reading = false;
      }
    }
  }

  /** Stop the read in progress. */
  cancel(): void {
    this.#controller?.abort();
    this.#controller = null;
    this.reading = false;
    this.progress = 0;
  }
}
