import { memo, useMemo } from 'react';
import { useFrameByFrame } from './useFrameByFrame';
import type { ExplainStage } from '../../store/explainSlice';
import type { StepExplanation } from '../../worker/protocol';
import { BackwardTensors } from './BackwardTensors';
import { chapterCode, type BlockId } from './chapterCode';
import { ForwardTensors } from './ForwardTensors';
import { LossTensors } from './LossTensors';
import { UpdateTensors } from './UpdateTensors';

/** One block's tensors; memoised, so that the blocks shown frame by frame never repaint those already shown. */
const BlockTensors = memo(function BlockTensors({ id, stage, e }: { id: BlockId; stage: ExplainStage; e: StepExplanation }) {
  switch (stage) {
    case 'forward':
      return <ForwardTensors id={id} e={e} />;
    case 'loss':
      return <LossTensors id={id} e={e} />;
    case 'backward':
      return <BackwardTensors e={e} />;
    case 'update':
      return <UpdateTensors id={id} e={e} />;
  }
});

/**
 * The chapter's step as its code, every line shown; the current stage's lines highlighted, each
 * block with the tensors it produced beside it. Only the current stage's tensors are drawn, a
 * block's more per task (the first at once), so that no task holds the page while they render.
 */
export function StageListing({ e, stage }: { e: StepExplanation; stage: ExplainStage }) {
  const blocks = useMemo(() => chapterCode(e.rule), [e.rule]);
  const first = blocks.findIndex((b) => b.stage === stage);
  const last = blocks.filter((b) => b.stage === stage).length - 1;
  const shown = useFrameByFrame(last);
  return (
    <ol className="listing" data-drawn={shown >= last ? 'all' : 'partly'}>
      {blocks.map((block, i) => {
        const current = block.stage === stage;
        return (
          <li
            key={block.id}
            className={`code-row${current ? ' current' : ''}${current && block.tensors === 'below' ? ' below' : ''}`}
            data-block={block.id}
            aria-current={current ? 'step' : undefined}
          >
            <pre className="code">
              <code>{block.lines.join('\n')}</code>
            </pre>
            {current && i - first <= shown && (
              <div className="code-tensors">
                <BlockTensors id={block.id} stage={stage} e={e} />
              </div>
            )}
          </li>
        );
      })}
    </ol>
  );
}
