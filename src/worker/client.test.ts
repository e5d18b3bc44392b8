import { afterEach, describe, expect, it, vi } from 'vitest';
import { createWorkerClient, type WorkerLike } from './client';
import type { FromWorker, ToWorker } from './protocol';

/** A stand-in Worker that records what it was sent. */
function fakeWorker(sent: ToWorker[]): WorkerLike {
  return {
    postMessage: (message: ToWorker) => sent.push(message),
    terminate: vi.fn(),
    onmessage: null,
    onerror: null,
    onmessageerror: null,
  } as unknown as WorkerLike;
}

describe('the worker client', () => {
  afterEach(() => vi.unstubAllGlobals()); // also after a failed test
  it('fails every request the old worker never answered when it is replaced, each with its own id', async () => {
    vi.stubGlobal('requestAnimationFrame', (f: () => void) => setTimeout(f, 0));
    vi.stubGlobal('cancelAnimationFrame', (id: number) => clearTimeout(id));
    const delivered: FromWorker[] = [];
    const sent: ToWorker[] = [];
    const workers: WorkerLike[] = [];
    const replaced = vi.fn();
    const client = createWorkerClient({ deliver: (m) => delivered.push(m), crashed: vi.fn(), replaced }, () => {
      const w = fakeWorker(sent);
      workers.push(w);
      return w;
    });
    client.send({ type: 'predict', requestId: 7, ink: new Uint8Array(4), side: 2 });
    client.send({ type: 'gallery', requestId: 8, selection: 'mistakes', dataUrl: '' });
    client.send({ type: 'stop' });
    client.send({ type: 'find-lr', requestId: 9, config: {} as never, dataUrl: '' });
    // Progress carries the id but does not answer the request.
    workers[0].onmessage!({ data: { type: 'lr-progress', requestId: 9, points: [], total: 200 } } as MessageEvent);
    // The worker answers the gallery request: the prediction and the range test are still waiting.
    workers[0].onmessage!({ data: { type: 'gallery', requestId: 8, selection: 'mistakes', images: [], total: 0 } } as MessageEvent);
    client.replace();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(workers).toHaveLength(2);
    expect(workers[0].terminate).toHaveBeenCalled();
    expect(delivered.map((m) => m.type)).toEqual(['lr-progress', 'gallery', 'request-failed', 'request-failed']);
    expect(delivered[2]).toEqual({ type: 'request-failed', requestId: 7, request: 'predict', failure: { kind: 'worker-restarted' } });
    expect(delivered[3]).toEqual({ type: 'request-failed', requestId: 9, request: 'find-lr', failure: { kind: 'worker-restarted' } });
    expect(replaced).toHaveBeenCalledOnce();
  });

  it('delivers at most one costly message per frame', async () => {
    const frames: (() => void)[] = [];
    vi.stubGlobal('requestAnimationFrame', (f: () => void) => frames.push(f));
    vi.stubGlobal('cancelAnimationFrame', () => undefined);
    const delivered: string[] = [];
    let worker: WorkerLike | null = null;
    createWorkerClient({ deliver: (m) => delivered.push(m.type), crashed: vi.fn(), replaced: vi.fn() }, () => (worker = fakeWorker([])));
    const post = (data: Partial<FromWorker>) => worker!.onmessage!({ data } as MessageEvent);
    post({ type: 'progress' });
    post({ type: 'epoch' });
    post({ type: 'progress' });
    post({ type: 'done' });
    frames.shift()!();
    expect(delivered).toEqual(['progress', 'epoch']);
    frames.shift()!();
    expect(delivered).toEqual(['progress', 'epoch', 'progress', 'done']);
  });
});
