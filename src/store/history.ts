/**
 * Run history in IndexedDB, through `idb` (a 1 kB promise wrapper: upgrades, tab handling and
 * validation stay ours and visible). The only module that touches IndexedDB. Two object stores:
 * run summaries, and weights keyed by run id, so that listing runs never loads the weights.
 * Whatever fails (no IndexedDB, blocked storage, a full disk, a damaged record, another tab) is
 * said in words and never loses the runs already stored; without IndexedDB, runs live in memory.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { copyWeights } from '../model/weightsCheck';
import type { WeightsPayload } from '../worker/protocol';
import { checkedWeights, HistoryError, MemoryHistory, overLimit, type HistoryList, type HistoryStore } from './historyStore';
import { recordProblemText } from './messages';
import { parseRunRecord, type RunRecord, type WeightsRecord } from './runRecord';

// What the rest of the app uses of the history, wherever it is kept.
export {
  DamagedRecordError,
  HISTORY_LIMIT,
  HistoryError,
  MemoryHistory,
  overLimit,
  type HistoryList,
  type HistoryStore,
} from './historyStore';
import { errorText } from '../errorText';

export const DB_NAME = 'mnist-in-the-tab';
/** Schema version; each new version adds a case to `upgrade` (migrations run in order). */
export const DB_VERSION = 1;
const CHANNEL = 'mnist-in-the-tab:history';
/** How long the page waits for the database before it keeps runs in memory. */
const OPEN_TIMEOUT_MS = 5000;

interface HistorySchema extends DBSchema {
  runs: { key: string; value: RunRecord; indexes: { 'by-start': string } };
  weights: { key: string; value: WeightsRecord };
}

const isQuotaError = (error: unknown): boolean => {
  const named = (e: unknown) =>
    typeof e === 'object' && e !== null && 'name' in e && (e as { name: unknown }).name === 'QuotaExceededError';
  return named(error) || named((error as { inner?: unknown } | null)?.inner);
};

/** The history on IndexedDB. Exported for its tests; the app opens it through openHistory. */
export class IndexedDbHistory implements HistoryStore {
  readonly persistent = true;
  private listeners: (() => void)[] = [];
  private channel: BroadcastChannel | null = null;
  private closed = false;

  constructor(
    private readonly db: IDBPDatabase<HistorySchema>,
    private readonly onClosed: (reason: string) => void,
  ) {
    try {
      this.channel = new BroadcastChannel(CHANNEL);
      this.channel.onmessage = () => {
        if (!this.closed) this.listeners.forEach((l) => l());
      };
    } catch {
      this.channel = null; // no BroadcastChannel: other tabs' runs appear on the next reload, nothing is lost
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
      const parsed = parseRunRecord(value);
      if (parsed.ok) runs.push(parsed.value);
      else {
        skipped++; // the page says how many; the console says why
        console.warn(`A stored run was skipped: ${recordProblemText(parsed.problem)}.`);
      }
    }
    runs.reverse();
    return { runs, skipped };
  }

  async save(run: RunRecord, weights: WeightsPayload): Promise<number> {
    const full = "The browser's storage is full: this run was not saved (the runs already stored are kept). Delete old runs to make room.";
    const need = Object.values(weights.values).reduce((n, v) => n + v.byteLength, 0) + 65536;
    // No estimate (an older browser, or it failed): try anyway; a full disk still ends in QuotaExceededError below.
    const estimate = await navigator.storage?.estimate?.().catch(() => null);
    if (estimate?.quota !== undefined && estimate.usage !== undefined && estimate.quota - estimate.usage < need)
      throw new HistoryError(full);
    // One transaction over both stores: the run, its weights and the pruning land together or not at all.
    const tx = this.db.transaction(['runs', 'weights'], 'readwrite');
    try {
      const runs = tx.objectStore('runs');
      await runs.put(run);
      await tx.objectStore('weights').put({ runId: run.id, ...copyWeights(weights) });
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
        // already finished or aborted: nothing left to undo, and the error below says what failed
      }
      if (isQuotaError(error)) throw new HistoryError(full);
      throw new HistoryError(`This run could not be saved: ${errorText(error)}. The runs already stored are kept.`);
    }
  }

  async weights(id: string): Promise<WeightsPayload | null> {
    // A fresh structured clone on every read: the caller owns these buffers.
    return checkedWeights(await this.db.get('weights', id));
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

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.listeners = [];
    this.channel?.close();
    this.channel = null;
    this.db.close();
  }

  /** The database went away (a newer version of the app in another tab, or the browser): release it and say why saving stopped. */
  giveWay(reason: string): void {
    this.close();
    this.onClosed(reason);
  }
}

/**
 * Waits for the database at most `ms`. A connection that opens later is closed at once: left open
 * it would hold the database (blocking another tab's upgrade) for a page that no longer uses it.
 */
export function openWithin<T extends { close(): void }>(opening: Promise<T>, ms: number, why: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Error(why));
      opening.then(
        (late) => late.close(),
        // the open failed after all: there is nothing to close, and the timeout already said why
        () => undefined,
      );
    }, ms);
  });
  return Promise.race([opening, timeout]).finally(() => clearTimeout(timer));
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
    factory = undefined; // reading it threw (storage blocked): said below, as for a browser without IndexedDB
  }
  const memory = (why: string) => ({
    store: new MemoryHistory(),
    problem: `Runs cannot be stored in this browser (${why}): they are kept only until this page closes.`,
  });
  if (!factory) return memory('IndexedDB is not available, e.g. in a private window or with storage disabled');
  let history: IndexedDbHistory | null = null;
  try {
    const opening = openDB<HistorySchema>(DB_NAME, DB_VERSION, {
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
        history?.giveWay('a newer version of this app was opened in another tab: reload this page to keep saving runs');
      },
      terminated() {
        const reason = 'the browser closed the run history (storage was cleared or the disk failed): reload the page';
        if (history) history.giveWay(reason);
        else onClosed(reason);
      },
    });
    const db = await openWithin(opening, OPEN_TIMEOUT_MS, 'another tab holds an older version of the run history open; close it');
    history = new IndexedDbHistory(db, onClosed);
    return { store: history, problem: null };
  } catch (error) {
    return memory(`IndexedDB refused: ${errorText(error)}`);
  }
}
