import { useDeferredValue, useEffect, type KeyboardEvent } from 'react';
import {
  isActive,
  selectExplainAfterPause,
  selectExplainError,
  selectExplainPending,
  selectExplainStage,
  selectExplanation,
  selectExplanationStale,
  selectPhase,
  selectWeightsOrigin,
  useAppStore,
} from '../store/appStore';
import { EXPLAIN_STAGES } from '../store/explainSlice';
import type { ExplainSource, StepExplanation } from '../worker/protocol';
import { ExplainSummary } from './step/ExplainSummary';
import { SourcePicker } from './step/SourcePicker';
import { StageListing } from './step/StageListing';
import { STAGE_PANEL_ID, stageTabId, StageTabs } from './step/StageTabs';
import './step.css';

/** A number per explanation, so that a new one mounts its stage afresh (its heavier pictures again one per task). */
const explanationIds = new WeakMap<StepExplanation, number>();
let lastExplanationId = 0;
function explanationId(e: StepExplanation): number {
  if (!explanationIds.has(e)) explanationIds.set(e, ++lastExplanationId);
  return explanationIds.get(e)!;
}

/**
 * Explains by itself what the learner would ask for first: the paused run's next batch (again after
 * the run moved), or with no run the next batch on the current weights. Never while a run trains
 * (that would pause it), and not again after a failure until the learner asks.
 */
function useAutoExplain(): void {
  const phase = useAppStore(selectPhase);
  const explanation = useAppStore(selectExplanation);
  const stale = useAppStore(selectExplanationStale);
  const pending = useAppStore(selectExplainPending);
  const afterPause = useAppStore(selectExplainAfterPause);
  const error = useAppStore(selectExplainError);
  const weightsOrigin = useAppStore(selectWeightsOrigin);
  const explainStep = useAppStore((s) => s.explainStep);
  useEffect(() => {
    if (pending || afterPause || error) return;
    const hasWeights = phase === 'paused' || phase === 'done' || phase === 'stopped' || (!isActive(phase) && weightsOrigin !== null);
    const due = !explanation || (stale && explanation.source.kind === 'next-batch');
    if (hasWeights && (phase === 'paused' || !isActive(phase)) && due) explainStep({ kind: 'next-batch' });
  }, [phase, explanation, stale, pending, afterPause, error, weightsOrigin, explainStep]);
}

/** Keys that walk the stages anywhere in the explainer but in its fields (a picture's arrows move its own cursor). */
const STAGE_KEYS: Record<string, number> = { ArrowRight: 1, PageDown: 1, ArrowLeft: -1, PageUp: -1 };

/**
 * "One step": the chapter's training step on one batch, line by line, with every tensor it makes
 * (issue 14, item 1). The step is traced in the worker, never taken; "Apply this step" is the run's Step.
 */
export function StepView() {
  useAutoExplain();
  const phase = useAppStore(selectPhase);
  const explanation = useAppStore(selectExplanation);
  const stale = useAppStore(selectExplanationStale);
  const pending = useAppStore(selectExplainPending);
  const afterPause = useAppStore(selectExplainAfterPause);
  const error = useAppStore(selectExplainError);
  const stage = useAppStore(selectExplainStage);
  const setStage = useAppStore((s) => s.setExplainStage);
  const explainStep = useAppStore((s) => s.explainStep);
  const applyExplainedStep = useAppStore((s) => s.applyExplainedStep);
  // The tab marks the stage at once; its tensors render in the background.
  const shownStage = useDeferredValue(stage);
  const shown = useDeferredValue(explanation);

  const canApply = !!explanation?.canApply && !stale && phase === 'paused' && pending === null;
  const refresh = () => {
    if (!explanation) return;
    const { source, imageIndex } = explanation;
    explainStep(source.kind === 'random-test-image' && imageIndex !== null ? { kind: 'test-image', index: imageIndex } : source);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    const target = event.target;
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey || !explanation) return;
    if (target instanceof HTMLInputElement || target instanceof HTMLSelectElement || target instanceof HTMLTextAreaElement) return;
    const delta = STAGE_KEYS[event.key];
    if (!delta) return;
    const next = EXPLAIN_STAGES[EXPLAIN_STAGES.indexOf(stage) + delta];
    event.preventDefault(); // → walks the stages here; it does not Step the run (S still does)
    if (!next) return;
    setStage(next);
    if (target instanceof HTMLElement && target.getAttribute('role') === 'tab') document.getElementById(stageTabId(next))?.focus();
  };

  return (
    <section className="panel step-view" aria-labelledby="step-title" aria-busy={pending !== null} onKeyDown={onKeyDown}>
      <h2 id="step-title">One step</h2>
      <p className="hint">
        One step of the chapter&apos;s training loop on one batch, line by line: the forward pass, the loss, the backward pass and the
        update, with every tensor each line makes. The step is worked out beside the run, not taken. Stages: the tabs, Previous and Next, or
        ← and → (PageUp and PageDown) anywhere in this view; S still steps a paused run.
      </p>
      <SourcePicker running={phase === 'training'} busy={pending !== null} onExplain={(source: ExplainSource) => explainStep(source)} />
      <ExplainSummary
        explanation={explanation}
        stale={stale}
        pending={pending?.source ?? null}
        waitingForPause={afterPause !== null}
        error={error}
        canApply={canApply}
        running={isActive(phase) && phase !== 'paused'}
        onApply={applyExplainedStep}
        onRefresh={refresh}
      />
      {shown && (
        <>
          <StageTabs stage={stage} onChange={setStage} />
          <div
            role="tabpanel"
            id={STAGE_PANEL_ID}
            aria-labelledby={stageTabId(stage)}
            className="step-stage"
            data-stage={shownStage}
            data-rule={`${shown.rule.activation} ${shown.rule.optimizer}`}
          >
            <StageListing key={`${explanationId(shown)} ${shownStage}`} e={shown} stage={shownStage} />
          </div>
        </>
      )}
    </section>
  );
}
