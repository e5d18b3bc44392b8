/** Thrown when a run is left because Stop arrived while it waited. */
export class RunCancelled extends Error {
  constructor() {
    super('the run was stopped');
  }
}

/**
 * Resolves as `promise` does, or rejects with RunCancelled as soon as `signal` aborts. Cancels the
 * wait, not the work: a download or a backend timing shared with the next run goes on and stays
 * cached (shared/notes/cancellation-and-requests.md).
 */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new RunCancelled());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new RunCancelled());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
