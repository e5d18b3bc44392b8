import { describe, expect, it } from 'vitest';
import { abortable, RunCancelled } from './abortable';

describe('abortable waits', () => {
  it('end at once when the signal aborts, while the work itself goes on', async () => {
    const controller = new AbortController();
    let finished = false;
    const work = new Promise<string>((resolve) => setTimeout(() => ((finished = true), resolve('data')), 30));
    const waiting = abortable(work, controller.signal);
    controller.abort();
    await expect(waiting).rejects.toBeInstanceOf(RunCancelled);
    expect(finished).toBe(false);
    await expect(work).resolves.toBe('data'); // still there for the next run
  });

  it('pass the result or the failure through when nothing aborts', async () => {
    const signal = new AbortController().signal;
    await expect(abortable(Promise.resolve(3), signal)).resolves.toBe(3);
    await expect(abortable(Promise.reject(new Error('offline')), signal)).rejects.toThrow('offline');
  });
});
