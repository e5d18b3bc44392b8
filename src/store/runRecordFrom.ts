/** Building the record of a run: from a run that ended, or from an imported file. */
import { BACKEND_LABELS, type Activation, type Architecture, type FromWorker, type TestSummary } from '../worker/protocol';
import type { AppState } from './appStore';
import { decimateCurve, RECORD_SCHEMA, type RunRecord } from './runRecord';
import { describeDifferences, parseQuery, toQuery } from './settings';

type DoneMessage = Extract<FromWorker, { type: 'done' }>;

/** A run's date as the list shows it. */
export const runDate = (iso: string) =>
  new Date(iso).toLocaleString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });

/** A run's name by what differs from the chapter's settings (e.g. "lr 3, h1 32"). */
export const runName = (run: RunRecord) =>
  run.ending === 'imported' ? `imported ${run.source ?? ''}`.trim() : describeDifferences(parseQuery(run.query).config);

/** Unique across tabs: the start time plus a random suffix. */
const newId = (startedAt: string) => `${startedAt}-${Math.random().toString(36).slice(2, 8)}`;

/** What the page knows of the run that just ended. */
export type EndedRun = Pick<
  AppState,
  'runConfig' | 'startedAt' | 'backend' | 'epochs' | 'lossPoints' | 'rateChanges' | 'progress' | 'health' | 'histograms'
>;

/** The record of a run that ended with weights; null when it never started (no settings or start time). */
export function recordOfRun(s: EndedRun, message: DoneMessage, now = Date.now()): RunRecord | null {
  const config = s.runConfig;
  if (!config || !s.startedAt || !message.weights) return null;
  return {
    id: newId(s.startedAt),
    schema: RECORD_SCHEMA,
    startedAt: s.startedAt,
    query: toQuery(config),
    backend: s.backend ? BACKEND_LABELS[s.backend.name] : null,
    ending: message.ending,
    epochs: s.epochs.map(({ epoch, loss, seconds, testAccuracy }) => ({ epoch, loss, seconds, testAccuracy })),
    curve: decimateCurve(s.lossPoints),
    rateChanges: s.rateChanges,
    trainAccuracy: message.trainAccuracy,
    testAccuracy: message.test?.accuracy ?? null,
    confusion: message.test?.confusion ?? null,
    timings: {
      seconds: (now - Date.parse(s.startedAt)) / 1000,
      samplesPerSecond: s.progress?.samplesPerSecond ?? null,
      msPerStep: s.progress?.msPerStep ?? null,
    },
    arch: message.weights.arch,
    health: s.health,
    histograms: s.histograms,
  };
}

/**
 * The record of weights imported from a file: its settings from the file's metadata when it has
 * them, else the chapter's with the file's sizes; and always the activation the weights were used
 * with (from the metadata or the setting), so that "Use weights" later evaluates them the same way.
 */
export function recordOfImport(file: {
  name: string;
  arch: Architecture;
  metadata: Record<string, string>;
  activation: Activation;
  test: TestSummary | null;
}): RunRecord {
  const startedAt = new Date().toISOString();
  const settings = file.metadata.settings;
  const base = settings ? parseQuery(settings).config : { ...parseQuery('').config, ...file.arch };
  const query = toQuery({ ...base, activation: file.activation });
  return {
    id: newId(startedAt),
    schema: RECORD_SCHEMA,
    startedAt,
    query,
    backend: null,
    ending: 'imported',
    epochs: [],
    curve: [],
    rateChanges: [],
    trainAccuracy: null,
    testAccuracy: file.test?.accuracy ?? null,
    confusion: file.test?.confusion ?? null,
    timings: { seconds: 0, samplesPerSecond: null, msPerStep: null },
    arch: file.arch,
    source: file.name,
    health: [],
    histograms: null,
  };
}
