import { useMemo } from 'react';
import type { StepExplanation } from '../../worker/protocol';
import { BarsCanvas } from './BarsCanvas';
import type { BlockId } from './chapterCode';
import { figure, lossText } from './readout';
import { lossTerms } from './tensorStats';

/** The chapter's loss with this batch's numbers in it: −(1/(B·10)) Σ log p[label], term by term. */
function LossFormula({ e }: { e: StepExplanation }) {
  const { logs, sum, entries } = useMemo(() => lossTerms(e.tensors.softmax.values, e.tensors.one_hot.values, e.batchSize), [e]);
  const p = (b: number) => figure(Math.exp(logs[b]), 3);
  const terms =
    logs.length <= 4 ? logs.map((_, b) => `log ${p(b)}`).join(' + ') : `log ${p(0)} + log ${p(1)} + … + log ${p(logs.length - 1)}`;
  const worst = useMemo(
    () =>
      logs
        .map((l, b) => ({ b, l }))
        .sort((a, z) => a.l - z.l)
        .slice(0, 3),
    [logs],
  );
  return (
    <div className="loss-block">
      <p className="loss-value">
        loss = <strong data-testid="explained-loss">{lossText(e.loss)}</strong>
      </p>
      <ol className="loss-formula" aria-label="The loss, step by step">
        <li>
          <code>−(one_hot_labels * log(softmax)).mean()</code>, the mean over {e.batchSize} × 10 = {entries} entries
        </li>
        <li>
          = <code>−(1/{entries}) Σ log softmax[b, label_b]</code>: one_hot keeps each image&apos;s label only
        </li>
        <li>
          = −(1/{entries}) ({terms})
        </li>
        <li>
          = −(1/{entries}) × ({figure(sum, 5)}) = <strong>{lossText(-sum / entries)}</strong>
        </li>
      </ol>
      <p className="tensor-note">
        The chapter&apos;s mean runs over the ten classes too: this is the usual cross-entropy divided by 10. The largest term
        {worst.length > 1 ? 's' : ''}:{' '}
        {worst.map(({ b, l }, i) => (
          <span key={b}>
            {i > 0 && '; '}image {b} (label {e.labels[b]}) with softmax {figure(Math.exp(l), 3)} at its label, −log p = {figure(-l, 3)}
          </span>
        ))}
        .
      </p>
    </div>
  );
}

/** The tensors a loss-stage block produces: the softmax beside the one-hot labels, and the loss. */
export function LossTensors({ id, e }: { id: BlockId; e: StepExplanation }) {
  const softmax = e.tensors.softmax;
  if (id === 'softmax') {
    return (
      <BarsCanvas
        name="softmax"
        shape={softmax.shape}
        values={softmax.values}
        labels={e.labels}
        about="each image's ten probabilities (each row sums to 1), beside its one-hot label"
        describe={(b, d) => `one_hot_labels[${b}, ${d}] = ${e.tensors.one_hot.values[b * 10 + d]}`}
      />
    );
  }
  if (id === 'loss') return <LossFormula e={e} />;
  return null;
}
