import { describe, expect, it, vi } from 'vitest';
import { DamagedRecordError, HISTORY_LIMIT, IndexedDbHistory, MemoryHistory, openHistory, openWithin, overLimit } from './history';
import { record, weights } from './records.test-helper';

/** Detaches every buffer of the weights, as a transfer to the worker does. */
const transfer = (w: { values: Record<string, Float32Array> }) =>
  structuredClone(w, { transfer: Object.values(w.values).map((v) => v.buffer) });

describe('history limits and fallbacks', () => {
  it('keeps the newest 50 runs: the oldest are deleted first', async () => {
    const ids = Array.from({ length: 53 }, (_, i) => ({ id: `r${52 - i}` })); // newest first
    expect(overLimit(ids)).toEqual(['r2', 'r1', 'r0']);
    const memory = new MemoryHistory();
    let pruned = 0;
    for (let i = 0; i < HISTORY_LIMIT + 2; i++) pruned += await memory.save(record(i), weights());
    const { runs } = await memory.list();
    expect(pruned).toBe(2);
    expect(runs).toHaveLength(HISTORY_LIMIT);
    expect(runs[0].id).toBe(record(HISTORY_LIMIT + 1).id);
    expect(await memory.weights(record(0).id)).toBeNull();
    expect(await memory.weights(record(5).id)).not.toBeNull();
  });

  it('without IndexedDB (Node here, or a private window) it falls back to memory and says why', async () => {
    const { store, problem } = await openHistory(() => undefined);
    expect(store.persistent).toBe(false);
    expect(problem).toMatch(/Runs cannot be stored in this browser \(IndexedDB is not available/);
    await store.save(record(1), weights());
    expect((await store.list()).runs).toHaveLength(1);
  });
});

describe('the in-memory history never hands out the buffers it keeps (private windows: issue 13, problem 1)', () => {
  it('a transfer that detaches the weights it returned leaves the next weights() whole, again and again', async () => {
    const memory = new MemoryHistory();
    const saved = weights();
    const first = saved.values.w1[0];
    await memory.save(record(1), saved);
    await memory.save(record(2), weights());
    // Use weights on one run, the other, the first again: each hands its buffers to the worker.
    for (const id of [record(1).id, record(2).id, record(1).id, record(1).id]) {
      const w = (await memory.weights(id))!;
      expect(w.values.w1.length).toBe(784 * 100);
      transfer(w);
      expect(w.values.w1.length).toBe(0); // detached, as postMessage with a transfer list leaves it
    }
    expect((await memory.weights(record(1).id))!.values.w1[0]).toBe(first);
  });

  it('copies on save: the caller may transfer what it saved', async () => {
    const memory = new MemoryHistory();
    const saved = weights();
    const first = saved.values.w2[3];
    await memory.save(record(1), saved);
    transfer(saved);
    const w = (await memory.weights(record(1).id))!;
    expect(w.values.w2.length).toBe(100 * 50);
    expect(w.values.w2[3]).toBe(first);
  });

  it('checks what it returns by the weights rules', async () => {
    const memory = new MemoryHistory();
    const bad = weights();
    bad.values.b3[2] = Number.NaN;
    await memory.save(record(1), bad);
    const error = await memory.weights(record(1).id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DamagedRecordError);
    expect((error as DamagedRecordError).problem).toEqual({ rule: 'weights', problem: { rule: 'not-finite', tensor: 'b_3', count: 1 } });
  });
});

describe('handles are released (issue 13, problem 7)', () => {
  /** A stand-in for idb's database: only close() and get() are used here. */
  const fakeDb = (stored?: unknown) => ({ close: vi.fn(), get: vi.fn(async () => stored) });
  const otherTab = () => new BroadcastChannel('mnist-in-the-tab:history');
  const tick = () => new Promise((r) => setTimeout(r, 30));

  it('close() closes the database and the channel: a message from another tab afterwards does nothing', async () => {
    const db = fakeDb();
    const history = new IndexedDbHistory(db as never, () => undefined);
    const heard = vi.fn();
    history.onExternalChange(heard);
    const tab = otherTab();
    // A third listener on the same channel: once it has the message, an open history would have it too.
    const witness = otherTab();
    const witnessed = () => new Promise((resolve) => witness.addEventListener('message', resolve, { once: true }));
    try {
      let arrived = witnessed();
      tab.postMessage('changed');
      await arrived;
      await vi.waitFor(() => expect(heard).toHaveBeenCalledTimes(1)); // open, it hears the other tab
      history.close();
      expect(db.close).toHaveBeenCalledTimes(1);
      arrived = witnessed();
      tab.postMessage('changed');
      await arrived;
      await tick();
      expect(heard).toHaveBeenCalledTimes(1);
      history.close(); // twice is harmless
      expect(db.close).toHaveBeenCalledTimes(1);
    } finally {
      tab.close();
      witness.close();
    }
  });

  it('giving way to another tab closes both and says why', async () => {
    const db = fakeDb();
    const onClosed = vi.fn();
    const history = new IndexedDbHistory(db as never, onClosed);
    history.giveWay('a newer version');
    expect(db.close).toHaveBeenCalled();
    expect(onClosed).toHaveBeenCalledWith('a newer version');
  });

  it('a connection that opens after the timeout is closed at once', async () => {
    const late = fakeDb();
    let open: (db: typeof late) => void = () => undefined;
    const opening = new Promise<typeof late>((resolve) => (open = resolve));
    await expect(openWithin(opening, 10, 'too slow')).rejects.toThrow('too slow');
    expect(late.close).not.toHaveBeenCalled();
    open(late);
    await tick();
    expect(late.close).toHaveBeenCalledTimes(1);
    const quick = fakeDb();
    await expect(openWithin(Promise.resolve(quick), 1000, 'too slow')).resolves.toBe(quick);
    expect(quick.close).not.toHaveBeenCalled();
  });

  it('stored weights that break a rule reject with the facts; none stored is null', async () => {
    const w = weights();
    const wide = { runId: 'a', arch: { hidden1: 600, hidden2: 50 }, values: w.values };
    const history = new IndexedDbHistory(fakeDb(wide) as never, () => undefined);
    const error = await history.weights('a').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DamagedRecordError);
    expect((error as DamagedRecordError).problem).toEqual({
      rule: 'weights',
      problem: { rule: 'hidden-size', layer: 'H1', size: 600, max: 512 },
    });
    history.close();
    const empty = new IndexedDbHistory(fakeDb(undefined) as never, () => undefined);
    expect(await empty.weights('none')).toBeNull();
    empty.close();
  });
});
