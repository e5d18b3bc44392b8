import { beforeAll, describe, expect, it, vi } from 'vitest';
import { create } from 'zustand';
import type { StepExplanation, ToWorker } from '../worker/protocol';
import type { AppState } from './appStore';
import { createExplainSlice } from './explainSlice';

beforeAll(() => {
  // dataUrl() reads the page's address
  vi.stubGlobal('location', { href: 'http://localhost/' });
});

/** The explainer's slice with just enough of the rest of the store around it. */
function makeStore(phase: AppState['phase']) {
  const sent: ToWorker[] = [];
  const store = create<AppState>()(
    (...a) =>
      ({
        ...createExplainSlice(...a),
        phase,
        config: {},
        send: (m: ToWorker) => sent.push(m),
        pause: vi.fn(),
        step: vi.fn(),
      }) as unknown as AppState,
  );
  const lastRequest = () => {
    const m = sent.at(-1);
    if (m?.type !== 'explain') throw new Error('no explain request');
    return m;
  };
  const answer = (explanation: Partial<StepExplanation>, requestId = lastRequest().requestId) =>
    store.getState().receiveExplanation({ type: 'explanation', requestId, explanation: explanation as StepExplanation });
  return { store, sent, lastRequest, answer };
}

const nextBatch = { source: { kind: 'next-batch' }, position: { epoch: 0, batch: 4, batches: 10 }, canApply: true } as const;

describe('the explainer’s store slice', () => {
  it('asks the worker once per explanation and keeps only the answer to its latest request', () => {
    const { store, sent, lastRequest, answer } = makeStore('paused');
    store.getState().explainStep({ kind: 'test-image', index: 7 });
    const first = lastRequest().requestId;
    store.getState().explainStep({ kind: 'next-batch' });
    expect(sent.map((m) => m.type)).toEqual(['explain', 'explain']);
    answer({ source: { kind: 'test-image', index: 7 } }, first); // replaced by the newer request: dropped
    expect(store.getState().explanation).toBeNull();
    answer(nextBatch);
    expect(store.getState().explanation?.source.kind).toBe('next-batch');
    expect(store.getState().explainPending).toBeNull();
  });

  it('pauses a training run first, and explains once it has paused', () => {
    const { store, sent } = makeStore('training');
    store.getState().explainStep({ kind: 'next-batch' });
    expect(store.getState().pause).toHaveBeenCalledOnce();
    expect(sent).toEqual([]);
    store.setState({ phase: 'paused' });
    store.getState().explainRunMoved('paused');
    expect(sent.map((m) => m.type)).toEqual(['explain']);
  });

  it('after a Step explains the new next batch once the run waits there; a resume or a new run makes any explanation stale and drops an answer on its way', () => {
    const { store, sent, answer } = makeStore('paused');
    store.getState().explainStep({ kind: 'next-batch' });
    answer(nextBatch);
    store.getState().explainRunMoved('stepped');
    expect(store.getState().explanationStale).toBe(true);
    // Between the step and the next pause the loop may be evaluating an epoch: nothing is asked yet.
    expect(sent).toHaveLength(1);
    store.getState().explainRunMoved('paused');
    expect(sent).toHaveLength(2);
    answer(nextBatch);
    expect(store.getState().explanationStale).toBe(false);

    store.getState().explainStep({ kind: 'test-image', index: 3 });
    store.getState().explainRunMoved('resumed');
    expect(store.getState().explainPending).toBeNull();
    expect(store.getState().explanationStale).toBe(true);
    answer({ source: { kind: 'test-image', index: 3 } }); // traced on weights that have moved since: dropped
    expect(store.getState().explanation?.source.kind).toBe('next-batch');

    store.getState().explainRunMoved('started');
    expect(store.getState().explanationStale).toBe(true);
  });

  it('Apply takes the step only for the paused run’s current next batch', () => {
    const { store, answer } = makeStore('paused');
    store.getState().explainStep({ kind: 'next-batch' });
    answer({ ...nextBatch, canApply: false });
    store.getState().applyExplainedStep();
    expect(store.getState().step).not.toHaveBeenCalled();
    store.getState().explainStep({ kind: 'next-batch' });
    answer(nextBatch);
    store.getState().applyExplainedStep();
    expect(store.getState().step).toHaveBeenCalledOnce();
    store.setState({ explanationStale: true });
    store.getState().applyExplainedStep();
    expect(store.getState().step).toHaveBeenCalledOnce();
  });
});
