/** Progress callback: `done` of `total` units of the named phase. Called at most every few ms of work. */
export type ProgressFn = (done: number, total: number, phase: string) => void;

/** Options every long-running function accepts. */
export interface RunOptions {
  /** Abort the work: the function throws the signal's reason (an `AbortError` DOMException by default). */
  signal?: AbortSignal;
  onProgress?: ProgressFn;
}

/** Throws if the signal is aborted. Call between chunks of work, never per cell. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}
