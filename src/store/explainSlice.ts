import type { StateCreator } from 'zustand';
import type { ExplainSource, FromWorker, StepExplanation } from '../worker/protocol';
import type { AppState } from './appStore';
import { dataUrl, nextRequestId } from './phase';

/** The four stages the explainer walks through, as the chapter's loop runs them. */
export type ExplainStage = 'forward' | 'loss' | 'backward' | 'update';
export const EXPLAIN_STAGES: readonly ExplainStage[] = ['forward', 'loss', 'backward', 'update'];

export interface ExplainSlice {
  /** The last step explained, and whether the run has moved on since (a Step, Resume or a new run). */
  explanation: StepExplanation | null;
  explanationStale: boolean;
  /** A request on its way (the view is busy), and what it asked for. */
  explainPending: { requestId: number; source: ExplainSource } | null;
  /** Why the last request got no explanation, in words. */
  explainError: string | null;
  explainStage: ExplainStage;
  /** A source to explain once the running run has paused (the explainer pauses it first). */
  explainAfterPause: ExplainSource | null;
  /** Explains one step on this batch; a running run is paused first, since its weights move under it. */
  explainStep(source: ExplainSource): void;
  setExplainStage(stage: ExplainStage): void;
  /** Takes the explained step: the run's Step, which trains exactly that batch. */
  applyExplainedStep(): void;
  receiveExplanation(message: Extract<FromWorker, { type: 'explanation' }>): void;
  explainFailed(requestId: number, text: string): void;
  /** The run moved (stepped, resumed, restarted) or paused: an explanation of its next batch is out of date, or due. */
  explainRunMoved(event: 'stepped' | 'resumed' | 'started' | 'paused'): void;
}

export const createExplainSlice: StateCreator<AppState, [], [], ExplainSlice> = (set, get) => ({
  explanation: null,
  explanationStale: false,
  explainPending: null,
  explainError: null,
  explainStage: 'forward',
  explainAfterPause: null,

  explainStep: (source) => {
    const { phase } = get();
    if (phase === 'training' || phase === 'warming-up' || phase === 'loading') {
      set({ explainAfterPause: source, explainError: null });
      get().pause();
      return;
    }
    const requestId = nextRequestId();
    set({ explainPending: { requestId, source }, explainError: null, explainAfterPause: null });
    get().send({ type: 'explain', requestId, source, config: get().config, dataUrl: dataUrl() });
  },

  setExplainStage: (explainStage) => set({ explainStage }),

  applyExplainedStep: () => {
    const { explanation, explanationStale, phase } = get();
    if (!explanation?.canApply || explanationStale || phase !== 'paused') return;
    get().step();
  },

  receiveExplanation: (message) => {
    if (get().explainPending?.requestId !== message.requestId) return; // a newer request replaced it
    set({ explanation: message.explanation, explanationStale: false, explainPending: null, explainError: null });
  },

  explainFailed: (requestId, text) => {
    if (get().explainPending?.requestId === requestId) set({ explainPending: null, explainError: text });
  },

  explainRunMoved: (event) => {
    const { explanation, explainAfterPause } = get();
    if (event === 'paused') {
      set({ explainError: null }); // a failure from before the pause (e.g. "pause it first") no longer holds
      if (explainAfterPause) get().explainStep(explainAfterPause);
      return;
    }
    if (event === 'started') set({ explainAfterPause: null, explainError: null });
    // An answer still on its way describes the weights as they were: it is dropped (the view asks again once paused).
    if (event === 'started' || event === 'resumed') set({ explainPending: null });
    // After a Step the run's next batch is another one: explain it once the run waits there again
    // (the 'paused' that follows every Step), so that Apply walks the run step by step, across epochs too.
    if (event === 'stepped' && explanation?.source.kind === 'next-batch') {
      set({ explanationStale: true, explainAfterPause: { kind: 'next-batch' } });
      return;
    }
    // Any explanation was traced on weights that have moved now (a test image's and the drawing's too).
    if (explanation) set({ explanationStale: true });
  },
});
