/**
 * Work written as a generator that yields between slices (every few hundred sentences), so the
 * same code can run straight through ({@link runSteps}) or hand the event loop back between
 * slices ({@link runStepsYielding}). A worker needs the latter: BullMQ renews a job's lock on a
 * timer, and a loop blocked for longer than the lock loses the job to another worker.
 */
export type Steps<T> = Generator<void, T, void>;

/** Sentences handled between two yields: well under a millisecond of tagging each. */
export const SLICE_SENTENCES = 64;

/** Run to the end without yielding. */
export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** The event loop gets a turn (timers, I/O) before the work goes on. */
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Run to the end, giving the event loop a turn whenever `everyMs` have passed since the last one.
 * `onYield` is called at each turn (counted in the extraction's stats).
 */
export async function runStepsYielding<T>(steps: Steps<T>, everyMs: number, onYield?: () => void): Promise<T> {
  let since = performance.now();
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    if (performance.now() - since >= everyMs) {
      onYield?.();
      await turn();
      since = performance.now();
    }
  }
}
