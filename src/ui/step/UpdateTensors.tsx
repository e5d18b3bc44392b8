import { useMemo } from 'react';
import type { StepExplanation, TensorName } from '../../worker/protocol';
import { useFrameByFrame } from './useFrameByFrame';
import { Down } from './BackwardTensors';
import type { BlockId } from './chapterCode';
import { MatrixCanvas } from './MatrixCanvas';
import { PictureGrid } from './PictureGrid';
import { figure, lossText, shapeText } from './readout';
import { maxUpdateMismatch, norm, tensorStats } from './tensorStats';

const NAMES: TensorName[] = ['W_1', 'b_1', 'W_2', 'b_2', 'W_3', 'b_3'];

const OPTIMISER_WORDS = {
  sgd: 'plain SGD: the update is ALPHA * grad',
  momentum: "PyTorch's SGD with momentum 0.9: the update is ALPHA · v, with v ← 0.9 v + grad",
  adam: "PyTorch's Adam: the update is ALPHA · m̂ / (√v̂ + 1e−8), from running means of grad and grad²",
} as const;

const plainSgd = (e: StepExplanation) => e.rule.optimizer === 'sgd' && !e.rule.weightDecay;
/** What the update subtracts from a parameter, as the readout names it. */
const updateName = (e: StepExplanation, name: TensorName) => (plainSgd(e) ? `(ALPHA * ${name}.grad)` : `update(${name})`);
/** The line that subtracts it: the chapter's, or the optimiser's rule. */
const updateLine = (e: StepExplanation, name: TensorName) =>
  plainSgd(e) ? `${name}.sub_(ALPHA * ${name}.grad)` : `${name} -= update(${name})`;

/** Per parameter: the update's range, its size against the weights, and for plain SGD the check that it is lr × grad exactly. */
function UpdateTable({ e }: { e: StepExplanation }) {
  const rows = useMemo(
    () =>
      NAMES.map((name) => {
        const u = e.updates[name].values;
        const weight = norm(e.weights[name].values);
        const ratio = weight > 0 ? norm(u) / weight : Number.NaN;
        return { name, stats: tensorStats(u), ratio, mismatch: maxUpdateMismatch(u, e.grads[name].values, e.learningRate) };
      }),
    [e],
  );
  const plain = plainSgd(e);
  return (
    <div className="table-scroll" role="region" aria-label="The update of each parameter" tabIndex={0}>
      <table className="update-table">
        <caption>
          What the update subtracts from each parameter ({OPTIMISER_WORDS[e.rule.optimizer]}, ALPHA = {e.learningRate})
        </caption>
        <thead>
          <tr>
            <th scope="col">parameter</th>
            <th scope="col">shape</th>
            <th scope="col">update: min / mean / max</th>
            <th scope="col">‖update‖ / ‖W‖</th>
            <th scope="col">log10</th>
            {plain && <th scope="col">= ALPHA × grad?</th>}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.name} data-ratio={r.ratio}>
              <th scope="row">
                <code>{r.name}</code>
              </th>
              <td>{shapeText(e.updates[r.name].shape)}</td>
              <td>
                {figure(r.stats.min, 3)} / {figure(r.stats.mean, 3)} / {figure(r.stats.max, 3)}
              </td>
              <td>{figure(r.ratio, 3)}</td>
              <td>{Number.isFinite(r.ratio) && r.ratio > 0 ? Math.log10(r.ratio).toFixed(2) : '–'}</td>
              {plain && <td>{r.mismatch === 0 ? 'exactly' : `off by up to ${figure(r.mismatch, 2)}`}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** One parameter's update as a picture: W_1's as tiles, the others as heatmaps and strips. */
function UpdatePicture({ e, name }: { e: StepExplanation; name: TensorName }) {
  const u = e.updates[name];
  if (name === 'W_1') {
    return (
      <PictureGrid
        name={updateName(e, name)}
        shape={u.shape}
        values={u.values}
        colours="diverging"
        about="subtracted from W_1: one tile per hidden unit"
        pictureWords={(unit) => `hidden unit ${unit}'s weight`}
      />
    );
  }
  return (
    <MatrixCanvas
      name={updateName(e, name)}
      shape={u.shape}
      values={u.values}
      scale="auto"
      rowWord={name.startsWith('b') ? 'row' : 'units'}
      colWord={name.startsWith('b') ? 'units' : 'inputs'}
      about={`subtracted from ${name}`}
      maxCell={name === 'b_3' ? 16 : 10}
    />
  );
}

/** Beside the update lines: the loss before and after, the update table, and each update; a picture per task. */
export function UpdateTensors({ id, e }: { id: BlockId; e: StepExplanation }) {
  const shown = useFrameByFrame(NAMES.length);
  if (id === 'zero') {
    return (
      <p className="tensor-note">
        In the chapter the gradients are cleared for the next batch. Here nothing was changed: the step was traced, not taken.{' '}
        {e.canApply ? 'Apply this step trains this batch, as Step does.' : ''}
      </p>
    );
  }
  if (id !== 'update') return null;
  const change = e.lossAfter - e.loss;
  return (
    <>
      <p className="loss-change">
        Loss on this batch: <strong>{lossText(e.loss)}</strong> → <strong data-testid="loss-after">{lossText(e.lossAfter)}</strong> after
        the update ({change <= 0 ? '−' : '+'}
        {figure(Math.abs(change), 2)}).
      </p>
      <UpdateTable e={e} />
      <ol className="backward">
        {NAMES.slice(0, shown).map((name) => (
          <Down key={name} formula={updateLine(e, name)}>
            <UpdatePicture e={e} name={name} />
          </Down>
        ))}
      </ol>
    </>
  );
}
