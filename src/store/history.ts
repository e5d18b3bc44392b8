/**
 * Run history in IndexedDB, through `idb` (a 1 kB promise wrapper: upgrades, tab handling and
 * validation stay ours and visible). The only module that touches IndexedDB. Two object stores:
 * run summaries, and weights keyed by run id, so that listing runs never loads the weights.
 * Whatever fails (no IndexedDB, blocked storage, a full disk, a damaged record, another tab) is
 * said in words and never loses the runs already stored; without IndexedDB, runs live in memory.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { WeightsPayload } from '../worker/protocol';
import { parseRunRecord, parseWeightsRecord, type RunRecord, type WeightsRecord } from './runRecord';

export const HISTORY_LIMIT = 50;
export const DB_NAME = 'mnist-in-the-tab';
/** Schema version; each new version adds a case to `upgrade` (migrations run in order). */
export const DB_VERSION = 1;
const CHANNEL = 'mnist-in-the-tab:history';

interface HistorySchema extends DBSchema {
  runs: { key: string; value: RunRecord; indexes: { 'by-start': string } };
  weights: { key: string; value: WeightsRecord };
}

/** A failure the page reports as it is: `message` says what was not done and what to do. */
export class HistoryError extends Error {}

export interface HistoryList {
  /** Newest first. */
  runs: RunRecord[];
  /** Records that could not be read: reported and skipped. */
  skipped: number;
}

/** What the app can do with its history; implemented on IndexedDB, or in memory where that is unavailable. */
export interface HistoryStore {
  readonly persistent: boolean;
  list(): Promise<HistoryList>;
  /** Saves a run with its weights; the oldest runs beyond the limit are deleted. Returns how many were. */
  save(run: RunRecord, weights: WeightsPayload): Promise<number>;
  weights(id: string): Promise<WeightsPayload | null>;
  remove(id: string): Promise<void>;
  clear(): Promise<void>;
  /** Called when another tab changed the history. */
  onExternalChange(listener: () => void): void;
}

const isQuotaError = (error: unknown): boolean => {
  const named = (e: unknown) =>
    typeof e === 'object' && e !== null && 'name' in e && (e as { name: unknown }).name === 'QuotaExceededError';
  return named(error) || named((error as { inner?: unknown } | null)?.inner);
};

/** Typed arrays stored tightly: structured clone would store a view's whole underlying buffer. */
function tightCopy(weights: WeightsPayload): WeightsPayload {
  const values = Object.fromEntries(Object.entries(weights.values).map(([k, v]) => [k, new Float32Array(v)])) as WeightsPayload['values'];
  return { arch: { ...weights.arch }, values };
}

/** The oldest run ids beyond the limit, given runs sorted newest first. */
export function overLimit(runs: { id: string }[], limit = HISTORY_LIMIT): string[] {
  return runs.slice(limit).map((r) => r.id);
}

class IndexedDbHistory implements HistoryStore {
  readonly persistent = true;
  private listeners: (() => void)[] = [];
  private channel: BroadcastChannel | null = null;

  constructor(
    private db: IDBPDatabase<HistorySchema>,
    private readonly onClosed: (reason: string) => void,
  ) {
    try {
      this.channel = new BroadcastChannel(CHANNEL);
      this.channel.onmessage = () => this.listeners.forEach((l) => l());
    } catch {
      this.channel = null; // no BroadcastChannel: other tabs' runs appear on the next reload
    }
  }

  private changed(): void {
    this.channel?.postMessage('changed');
  }

  onExternalChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  async list(): Promise<HistoryList> {
    const values = (await this.db.getAllFromIndex('runs', 'by-start')) as unknown[];
    const runs: RunRecord[] = [];
    let skipped = 0;
    for (const value of values) {
      const run = parseRunRecord(value);
      if (run) runs.push(run);
      else skipped++;
    }
    runs.reverse();
    return { runs, skipped };
  }

  async save(run: RunRecord, weights: WeightsPayload): Promise<number> {
    const full = "The browser's storage is full: this run was not saved (the runs already stored are kept). Delete old runs to make room.";
    const need = Object.values(weights.values).reduce((n, v) => n + v.byteLength, 0) + 65536;
    const estimate = await navigator.storage?.estimate?.().catch(() => null);
    if (estimate?.quota !== undefined && estimate.usage !== undefined && estimate.quota - estimate.usage < need)
      throw new HistoryError(full);
    // One transaction over both stores: the run, its weights and the pruning land together or not at all.
    const tx = this.db.transaction(['runs', 'weights'], 'readwrite');
    try {
      const runs = tx.objectStore('runs');
      await runs.put(run);
      await tx.objectStore('weights').put({ runId: run.id, ...tightCopy(weights) });
      const ids = (await runs.index('by-start').getAllKeys()).reverse();
      const old = overLimit(ids.map((id) => ({ id })));
      for (const id of old) {
        await runs.delete(id);
        await tx.objectStore('weights').delete(id);
      }
      await tx.done;
      this.changed();
      return old.length;
    } catch (error) {
      try {
        tx.abort(); // a request that threw does not abort by itself: undo the run's record too
      } catch {
        // already finished or aborted
      }
      if (isQuotaError(error)) throw new HistoryError(full);
      throw new HistoryError(
        `This run could not be saved: ${error instanceof Error ? error.message : String(error)}. The runs already stored are kept.`,
      );
    }
  }

  async weights(id: string): Promise<WeightsPayload | null> {
    const record = parseWeightsRecord(await this.db.get('weights', id));
    return record ? { arch: record.arch, values: record.values } : null;
  }

  async remove(id: string): Promise<void> {
    const tx = this.db.transaction(['runs', 'weights'], 'readwrite');
    await Promise.all([tx.objectStore('runs').delete(id), tx.objectStore('weights').delete(id), tx.done]);
    this.changed();
  }

  async clear(): Promise<void> {
    const tx = this.db.transaction(['runs', 'weights'], 'readwrite');
    await Promise.all([tx.objectStore('runs').clear(), tx.objectStore('weights').clear(), tx.done]);
    this.changed();
  }

  /** Another tab opened a newer schema: give way (its upgrade waits for us), and say why saving stopped. */
  close(reason: string): void {
    this.db.close();
    this.onClosed(reason);
  }
}

/** Runs kept only until the page closes: where IndexedDB is missing or blocked. */
export class MemoryHistory implements HistoryStore {
  readonly persistent = false;
  private runs: RunRecord[] = [];
  private stored = new Map<string, WeightsPayload>();

  async list(): Promise<HistoryList> {
    return { runs: [...this.runs].sort((a, b) => b.startedAt.localeCompare(a.startedAt)), skipped: 0 };
  }
  async save(run: RunRecord, weights: WeightsPayload): Promise<number> {
    this.runs = [run, ...this.runs.filter((r) => r.id !== run.id)].sort((a, b) => b.startedAt.localeCompare(a.startedAt));
    this.stored.set(run.id, tightCopy(weights));
    const old = overLimit(this.runs);
    this.runs = this.runs.slice(0, HISTORY_LIMIT);
    old.forEach((id) => this.stored.delete(id));
    return old.length;
  }
  async weights(id: string): Promise<WeightsPayload | null> {
    return this.stored.get(id) ?? null;
  }
  async remove(id: string): Promise<void> {
    this.runs = this.runs.filter((r) => r.id !== id);
    this.stored.delete(id);
  }
  async clear(): Promise<void> {
    this.runs = [];
    this.stored.clear();
  }
  onExternalChange(): void {}
}

/**
 * Opens the history. Where IndexedDB is missing, refused (private windows, disabled storage:
 * reading `indexedDB` itself may throw) or blocked, it falls back to memory and says so.
 * `onClosed` reports a database closed later (a newer version of the app in another tab).
 */
export async function openHistory(onClosed: (reason: string) => void): Promise<{ store: HistoryStore; problem: string | null }> {
  let factory: IDBFactory | undefined;
  try {
    factory = globalThis.indexedDB;
  } catch {
    factory = undefined;
  }
  const memory = (why: string) => ({
    store: new MemoryHistory(),
    problem: `Runs cannot be stored in this browser (${why}): they are kept only until this page closes.`,
  });
  if (!factory) return memory('IndexedDB is not available, e.g. in a private window or with storage disabled');
  let history: IndexedDbHistory | null = null;
  try {
    const db = await Promise.race([
      openDB<HistorySchema>(DB_NAME, DB_VERSION, {
        upgrade(database, oldVersion) {
          // Each case migrates from the version before it; they fall through in order.
          switch (oldVersion) {
            case 0: {
              const runs = database.createObjectStore('runs', { keyPath: 'id' });
              runs.createIndex('by-start', 'startedAt');
              database.createObjectStore('weights', { keyPath: 'runId' });
            }
          }
        },
        blocking() {
          history?.close('a newer version of this app was opened in another tab: reload this page to keep saving runs');
        },
        terminated() {
          onClosed('the browser closed the run history (storage was cleared or the disk failed): reload the page');
        },
      }),
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error('another tab holds an older version of the run history open; close it')), 5000),
      ),
    ]);
    history = new IndexedDbHistory(db, onClosed);
    return { store: history, problem: null };
  } catch (error) {
    return memory(`IndexedDB refused: ${error instanceof Error ? error.message : String(error)}`);
  }
}
