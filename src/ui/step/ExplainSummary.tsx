import type { ExplainSource, StepExplanation } from '../../worker/protocol';
import { lossText } from './readout';

/** Which batch an explanation is of, in words. */
export function batchWords(e: StepExplanation): string {
  const images = e.batchSize === 1 ? 'a batch of one' : `${e.batchSize} images`;
  switch (e.source.kind) {
    case 'next-batch':
      return e.position
        ? `Batch ${e.position.batch + 1} of epoch ${e.position.epoch + 1} of the paused run, the batch Step trains next: ${images}`
        : `Batch 1 of epoch 1 of the current settings, on the current weights (no run is paused): ${images}`;
    case 'test-image':
    case 'random-test-image':
      return `Test image #${e.imageIndex}${e.source.kind === 'random-test-image' ? ' (picked at random)' : ''}, a ${e.labels[0]}: ${images}`;
    case 'drawing':
      return `The drawing on the pad, labelled ${e.labels[0]}: ${images}`;
  }
}

const PENDING_WORDS: Record<ExplainSource['kind'], string> = {
  'next-batch': 'the next batch',
  'random-test-image': 'a random test image',
  'test-image': 'the test image',
  drawing: 'the drawing',
};

interface Props {
  explanation: StepExplanation | null;
  stale: boolean;
  pending: ExplainSource | null;
  /** Waiting for the run to pause before explaining. */
  waitingForPause: boolean;
  error: string | null;
  canApply: boolean;
  /** A run is training: nothing is explained by itself (that would pause it). */
  running: boolean;
  onApply(): void;
  onRefresh(): void;
}

/** What is explained (or being explained), its loss, and "Apply this step" when the step is the paused run's next one. */
export function ExplainSummary({ explanation: e, stale, pending, waitingForPause, error, canApply, running, onApply, onRefresh }: Props) {
  return (
    <div className="step-summary">
      <div aria-live="polite">
        {waitingForPause && <p className="hint">Pausing the run, then explaining its next batch…</p>}
        {pending && <p className="hint">Explaining {PENDING_WORDS[pending.kind]}…</p>}
        {e && (
          <p className="step-batch" data-batch-size={e.batchSize}>
            {batchWords(e)}; learning rate {e.learningRate}; loss {lossText(e.loss)}.
          </p>
        )}
        {e && stale && !pending && (
          <p className="stale">
            The weights have moved since: this explanation is of an earlier step.{' '}
            <button type="button" onClick={onRefresh}>
              Explain again
            </button>
          </p>
        )}
      </div>
      {error && (
        <p className="error-inline" role="alert">
          {error}
        </p>
      )}
      {!e && !pending && !waitingForPause && !error && (
        <p className="hint">
          {running
            ? 'A run is training: Explain the next batch pauses it, then explains the batch Step would train next.'
            : 'Train (or use a stored run’s weights), then explain a step: the view shows the next batch of a paused run by itself.'}
        </p>
      )}
      {e && (
        <p className="apply-row">
          <button type="button" onClick={onApply} disabled={!canApply}>
            Apply this step
          </button>{' '}
          <span className="hint">
            {canApply
              ? 'Trains this batch, as Step does: the run moves on by one batch. Nothing else here changes the weights.'
              : 'Only the paused run’s next batch can be applied (as Step). Nothing here changes the weights.'}
          </span>
        </p>
      )}
    </div>
  );
}
