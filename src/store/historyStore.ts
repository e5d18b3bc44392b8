/**
 * What the app can do with its run history, wherever it is kept, and the in-memory store used where
 * IndexedDB is unavailable (src/store/history.ts keeps it in IndexedDB).
 */
import { copyWeights } from '../model/weightsCheck';
import type { WeightsPayload } from '../worker/protocol';
import { recordProblemText } from './messages';
import { parseWeightsRecord, type RecordProblem, type RunRecord, type WeightsRecord } from './runRecord';

export const HISTORY_LIMIT = 50;

/** A failure the page reports as it is: `message` says what was not done and what to do. */
export class HistoryError extends Error {}

/** Stored weights that break a rule (src/model/weightsCheck.ts) or are not a weights record: the facts in `problem`. */
export class DamagedRecordError extends HistoryError {
  constructor(readonly problem: RecordProblem) {
    super(recordProblemText(problem));
  }
}

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
  /**
   * A run's weights, checked by the rules every source shares, in buffers the caller owns (it may
   * transfer them); null when none are stored. Damaged weights reject with a DamagedRecordError.
   */
  weights(id: string): Promise<WeightsPayload | null>;
  remove(id: string): Promise<void>;
  clear(): Promise<void>;
  /** Called when another tab changed the history. */
  onExternalChange(listener: () => void): void;
  /** Releases the database and the channel to other tabs; later messages from other tabs do nothing. */
  close(): void;
}

/** The oldest run ids beyond the limit, given runs sorted newest first. */
export function overLimit(runs: { id: string }[], limit = HISTORY_LIMIT): string[] {
  return runs.slice(limit).map((r) => r.id);
}

/** Parses a weights record; a damaged one throws a DamagedRecordError with its facts. */
export function checkedWeights(value: unknown): WeightsPayload | null {
  if (value === undefined) return null;
  const parsed = parseWeightsRecord(value);
  if (!parsed.ok) throw new DamagedRecordError(parsed.problem);
  return { arch: parsed.value.arch, values: parsed.value.values };
}

/** Runs kept only until the page closes: where IndexedDB is missing or blocked. */
export class MemoryHistory implements HistoryStore {
  readonly persistent = false;
  private runs: RunRecord[] = [];
  private stored = new Map<string, WeightsRecord>();

  async list(): Promise<HistoryList> {
    return { runs: [...this.runs].sort((a, b) => b.startedAt.localeCompare(a.startedAt)), skipped: 0 };
  }
  async save(run: RunRecord, weights: WeightsPayload): Promise<number> {
    this.runs = [run, ...this.runs.filter((r) => r.id !== run.id)].sort((a, b) => b.startedAt.localeCompare(a.startedAt));
    // A copy of its own: the caller may transfer (detach) the buffers it saved.
    this.stored.set(run.id, { runId: run.id, ...copyWeights(weights) });
    const old = overLimit(this.runs);
    this.runs = this.runs.slice(0, HISTORY_LIMIT);
    old.forEach((id) => this.stored.delete(id));
    return old.length;
  }
  async weights(id: string): Promise<WeightsPayload | null> {
    const record = this.stored.get(id);
    // Never the buffers it keeps: a transfer to the worker would detach them (issue 13, problem 1).
    return record ? checkedWeights({ runId: record.runId, ...copyWeights(record) }) : null;
  }
  async remove(id: string): Promise<void> {
    this.runs = this.runs.filter((r) => r.id !== id);
    this.stored.delete(id);
  }
  async clear(): Promise<void> {
    this.runs = [];
    this.stored.clear();
  }
  onExternalChange(): void {
    // one page, no other tabs to hear from
  }
  close(): void {
    // nothing to release: the runs go with the page
  }
}
