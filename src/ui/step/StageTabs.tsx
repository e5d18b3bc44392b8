import { EXPLAIN_STAGES, type ExplainStage } from '../../store/explainSlice';
import { STAGE_TITLES } from './chapterCode';

export const STAGE_PANEL_ID = 'step-stage-panel';
export const stageTabId = (stage: ExplainStage) => `step-tab-${stage}`;

interface Props {
  stage: ExplainStage;
  onChange(stage: ExplainStage): void;
}

/**
 * The four stages as tabs (one tab stop; ← and → move between them, as anywhere in the explainer)
 * with Previous and Next beside them.
 */
export function StageTabs({ stage, onChange }: Props) {
  const index = EXPLAIN_STAGES.indexOf(stage);
  return (
    <div className="stage-nav">
      <div role="tablist" aria-label="Stages of the step" className="stage-tabs">
        {EXPLAIN_STAGES.map((s, i) => (
          <button
            key={s}
            type="button"
            role="tab"
            id={stageTabId(s)}
            aria-selected={s === stage}
            aria-controls={STAGE_PANEL_ID}
            tabIndex={s === stage ? 0 : -1}
            onClick={() => onChange(s)}
          >
            {i + 1}. {STAGE_TITLES[s]}
          </button>
        ))}
      </div>
      <div className="stage-steps">
        <button type="button" onClick={() => onChange(EXPLAIN_STAGES[index - 1])} disabled={index === 0}>
          Previous stage
        </button>
        <button type="button" onClick={() => onChange(EXPLAIN_STAGES[index + 1])} disabled={index === EXPLAIN_STAGES.length - 1}>
          Next stage
        </button>
      </div>
    </div>
  );
}
