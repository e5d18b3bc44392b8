import { create } from 'zustand';
import type { FromWorker } from '../worker/protocol';
import { createCompareSlice, type CompareSlice } from './compareSlice';
import { createDrawingSlice, type DrawingSlice } from './drawingSlice';
import { createExplainSlice, type ExplainSlice } from './explainSlice';
import { createHistorySlice, type HistorySlice } from './historySlice';
import { createInspectionSlice, type InspectionSlice } from './inspectionSlice';
import { createLrFinderSlice, type LrFinderSlice } from './lrFinderSlice';
import { createRaceSlice, type RaceSlice } from './raceSlice';
import { describeRequestFailure } from './messages';
import { createRunSlice, type RunSlice } from './runSlice';
import { createSettingsSlice, type SettingsSlice } from './settingsSlice';
import { createWeightsTransferSlice, type WeightsTransferSlice } from './weightsTransfer';
import { createWorkerSlice, type WorkerSlice } from './workerSlice';

export { isActive, type Phase } from './phase';
export type { EpochRow } from './runSlice';
export type { Notice } from './settingsSlice';
export type { TrainingTransport, WorkerEvents } from './workerSlice';

/**
 * One store, in slices (zustand's slices pattern): the worker, the settings, the run, what is
 * inspected of the weights, the drawing pad, the stored history, the comparison chart, and weights
 * moving between storage, the worker and files. Actions live in their slice.
 */
export type AppState = WorkerSlice &
  SettingsSlice &
  RunSlice &
  InspectionSlice &
  DrawingSlice &
  HistorySlice &
  CompareSlice &
  WeightsTransferSlice &
  ExplainSlice &
  LrFinderSlice &
  RaceSlice;

export const useAppStore = create<AppState>()((...a) => ({
  ...createWorkerSlice(...a),
  ...createSettingsSlice(...a),
  ...createRunSlice(...a),
  ...createInspectionSlice(...a),
  ...createDrawingSlice(...a),
  ...createHistorySlice(...a),
  ...createCompareSlice(...a),
  ...createWeightsTransferSlice(...a),
  ...createExplainSlice(...a),
  ...createLrFinderSlice(...a),
  ...createRaceSlice(...a),
}));

/** A failed request clears the busy state of the panel that asked, and says why there. */
function receiveRequestFailure(message: Extract<FromWorker, { type: 'request-failed' }>): void {
  const state = useAppStore.getState();
  const text = describeRequestFailure(message.request, message.failure);
  switch (message.request) {
    case 'predict':
      state.predictionFailed(message.requestId, text);
      break;
    case 'gallery':
    case 'tiles':
      state.inspectionFailed(message.request, message.requestId, text);
      break;
    case 'explain':
      state.explainFailed(message.requestId, text);
      break;
    case 'find-lr':
      state.lrFinderFailed(message.requestId, text);
      break;
    case 'share-data':
      state.raceFailed(text);
      break;
    case 'use-weights':
    case 'import-weights':
    case 'export-weights':
      if (state.weightsRequest?.id === message.requestId) {
        useAppStore.setState({ weightsRequest: null, weightsMessage: { tone: 'error', text } });
      }
      break;
  }
}

/**
 * Hands each worker message to the slice that owns it. The client calls this with all messages of
 * one animation frame, so that React renders once for them.
 */
export function dispatchWorkerMessage(message: FromWorker): void {
  const state = useAppStore.getState();
  switch (message.type) {
    case 'prediction':
      state.receivePrediction(message);
      break;
    case 'tiles':
    case 'gallery':
      state.receiveInspection(message);
      break;
    case 'weights-ready':
    case 'weights-file':
      state.receiveWeights(message);
      break;
    case 'request-failed':
      receiveRequestFailure(message);
      break;
    case 'explanation':
      state.receiveExplanation(message);
      break;
    case 'lr-progress':
    case 'lr-found':
      state.receiveLrFinder(message);
      break;
    case 'race-run':
    case 'data-shared':
    case 'race-engine':
      state.receiveRace(message);
      break;
    case 'epoch':
      state.receiveRun(message);
      if (message.runId === state.runId && message.report.test) {
        state.showConfusion(message.report.test.confusion, message.report.test.accuracy, `after epoch ${message.report.epoch + 1}`);
      }
      break;
    case 'done':
      state.receiveRun(message);
      if (message.runId === state.runId) {
        if (message.test) state.showConfusion(message.test.confusion, message.test.accuracy, `final weights (${message.ending})`);
        void state.recordRun(message);
      }
      break;
    default:
      state.receiveRun(message);
  }
}

/** Module-level selectors (zustand's advice: stable references, no re-render on unrelated changes). */
export const selectConfig = (s: AppState) => s.config;
export const selectRunConfig = (s: AppState) => s.runConfig;
export const selectPhase = (s: AppState) => s.phase;
export const selectStopping = (s: AppState) => s.stopping;
export const selectNotices = (s: AppState) => s.notices;
export const selectPrep = (s: AppState) => s.prep;
export const selectBackend = (s: AppState) => s.backend;
export const selectProgress = (s: AppState) => s.progress;
export const selectLossPoints = (s: AppState) => s.lossPoints;
export const selectEpochs = (s: AppState) => s.epochs;
export const selectRateChanges = (s: AppState) => s.rateChanges;
export const selectTensorsPerEpoch = (s: AppState) => s.tensorsPerEpoch;
export const selectAccuracy = (s: AppState) => s.accuracy;
export const selectError = (s: AppState) => s.error;
export const selectPausedAt = (s: AppState) => s.pausedAt;
export const selectLastStep = (s: AppState) => s.lastStep;
export const selectAnnouncement = (s: AppState) => s.announcement;
export const selectPrediction = (s: AppState) => s.prediction;
export const selectPredictionPending = (s: AppState) => s.predictionPending;
export const selectPredictionError = (s: AppState) => s.predictionError;
export const selectTestImage = (s: AppState) => s.testImage;
export const selectSubject = (s: AppState) => s.subject;
export const selectConfusion = (s: AppState) => s.confusion;
export const selectGallery = (s: AppState) => s.gallery;
export const selectTiles = (s: AppState) => s.tiles;
export const selectTilesError = (s: AppState) => s.tilesError;
export const selectTileSettings = (s: AppState) => s.tileSettings;
export const selectHistory = (s: AppState) => s.history;
export const selectShownRunIds = (s: AppState) => s.shownRunIds;
export const selectCompareAxis = (s: AppState) => s.compareAxis;
export const selectSmoothing = (s: AppState) => s.smoothing;
export const selectWeightsOrigin = (s: AppState) => s.weightsOrigin;
export const selectWeightsRequest = (s: AppState) => s.weightsRequest;
export const selectWeightsMessage = (s: AppState) => s.weightsMessage;
export const selectExplanation = (s: AppState) => s.explanation;
export const selectExplanationStale = (s: AppState) => s.explanationStale;
export const selectExplainPending = (s: AppState) => s.explainPending;
export const selectExplainError = (s: AppState) => s.explainError;
export const selectExplainStage = (s: AppState) => s.explainStage;
export const selectExplainAfterPause = (s: AppState) => s.explainAfterPause;
