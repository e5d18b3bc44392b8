import type { ReactNode } from 'react';
import type { Activation } from '../../model/stepRule';
import type { StepExplanation, TensorName } from '../../worker/protocol';
import { useFrameByFrame } from './useFrameByFrame';
import { MatrixCanvas } from './MatrixCanvas';
import { PictureGrid } from './PictureGrid';
import { exactValue, figure } from './readout';

/** The activation's slope, as the chapter's backward pass multiplies by it, written from the layer's output. */
function slope(layer: 1 | 2, activation: Activation): string {
  const h = `hidden_${layer}`;
  switch (activation) {
    case 'sigmoid':
      return `${h} * (1 − ${h})`;
    case 'tanh':
      return `(1 − ${h}²)`;
    case 'relu':
      return `(hidden_${layer}_pre > 0)`;
  }
}

/** makemore's cmp(): the hand-derived gradient against TF.js's autodiff of the chapter's loss. */
export function AutodiffCheck({ e, name }: { e: StepExplanation; name: TensorName }) {
  const { maxAbsDiff, maxAbs } = e.autodiff[name];
  const relative = maxAbs > 0 ? maxAbsDiff / maxAbs : 0;
  const matches = relative <= 1e-5;
  return (
    <p className={matches ? 'autodiff autodiff-ok' : 'autodiff autodiff-off'} data-max-diff={maxAbsDiff}>
      <code>{name}.grad</code> {matches ? 'matches' : 'differs from'} autodiff: max |Δ| {figure(maxAbsDiff, 2)} (relative{' '}
      {figure(relative, 2)}; largest |{name}.grad| {figure(maxAbs, 2)})
    </p>
  );
}

/**
 * One line of what `loss.backward()` computes, as code, beside the tensor it makes (the code stays
 * in sight while its tensor scrolls by).
 */
export function Down({ formula, words, children }: { formula: string; words?: ReactNode; children: ReactNode }) {
  return (
    <li className="down">
      <pre className="formula-code">
        <code>{formula}</code>
      </pre>
      <div className="down-tensors">
        {words && <p className="formula">{words}</p>}
        {children}
      </div>
    </li>
  );
}

/** A parameter's gradient as a heatmap with its autodiff check, and its bias's as a strip. */
function LayerGrads({ e, layer }: { e: StepExplanation; layer: 1 | 2 | 3 }) {
  const w = `W_${layer}` as TensorName;
  const b = `b_${layer}` as TensorName;
  const below = layer === 1 ? 'features' : `hidden_${layer - 1}`;
  const delta = layer === 3 ? 'dL/dlogits' : `dL/dhidden_${layer}_pre`;
  const g = e.grads[w];
  return (
    <>
      <Down
        formula={`${w}.grad = ${delta}.T @ ${below}`}
        words={`Each unit's error times each input it got, summed over the ${e.batchSize === 1 ? 'image' : 'batch'}.`}
      >
        {layer === 1 ? (
          <PictureGrid
            name="W_1.grad"
            shape={g.shape}
            values={g.values}
            colours="diverging"
            about="one 28×28 tile per hidden unit: the gradient of its 784 incoming weights"
            pictureWords={(unit) => `hidden unit ${unit}'s weight`}
            note={<AutodiffCheck e={e} name="W_1" />}
          />
        ) : (
          <MatrixCanvas
            name={`${w}.grad`}
            shape={g.shape}
            values={g.values}
            scale="auto"
            rowWord={layer === 3 ? 'digits' : 'units'}
            colWord={`hidden_${layer - 1} units`}
            about={`one row per unit of ${layer === 3 ? 'logits' : `hidden_${layer}`}`}
            note={<AutodiffCheck e={e} name={w} />}
          />
        )}
      </Down>
      <Down formula={`${b}.grad = ${delta}.sum(dim=0)`} words="The bias's gradient: the errors summed over the batch.">
        <MatrixCanvas
          name={`${b}.grad`}
          shape={e.grads[b].shape}
          values={e.grads[b].values}
          scale="auto"
          rowWord="row"
          colWord="units"
          maxCell={layer === 3 ? 16 : 10}
          note={<AutodiffCheck e={e} name={b} />}
        />
      </Down>
    </>
  );
}

/** A hidden layer's dL/dz: the error from above through the weights, times the activation's slope. */
function LayerDelta({ e, layer }: { e: StepExplanation; layer: 1 | 2 }) {
  const t = layer === 2 ? e.tensors.dhidden_2_pre : e.tensors.dhidden_1_pre;
  const above = layer === 2 ? 'dL/dlogits @ W_3' : 'dL/dhidden_2_pre @ W_2';
  return (
    <Down
      formula={`dL/dhidden_${layer}_pre = (${above}) * ${slope(layer, e.rule.activation)}`}
      words="The error passed down through the weights, times the activation's slope: a saturated unit passes almost none."
    >
      <MatrixCanvas name={`dL/dhidden_${layer}_pre`} shape={t.shape} values={t.values} scale="auto" rowWord="images" colWord="units" />
    </Down>
  );
}

/**
 * Beside `loss.backward()`: dL/dlogits, then each layer's gradient on the way down, the six
 * parameter gradients each with its check against autodiff. Mounted a layer per task, so that no
 * task holds the page (W_1.grad is 78,400 numbers).
 */
export function BackwardTensors({ e }: { e: StepExplanation }) {
  const shown = useFrameByFrame(5);
  const d = e.tensors.dlogits;
  const label = e.labels[0];
  const p = e.tensors.softmax.values[label];
  const entries = e.batchSize * 10;
  const worst = Math.max(...Object.values(e.autodiff).map((c) => (c.maxAbs > 0 ? c.maxAbsDiff / c.maxAbs : 0)));
  return (
    <>
      <p className="tensor-note">
        The six gradients below are derived by hand, as the chapter&apos;s <code>loss.backward()</code> computes them, and each is checked
        against TF.js&apos;s autodiff of the same loss: the largest relative difference is {figure(worst, 2)}.
      </p>
      <ol className="backward">
        <Down
          formula={`dL/dlogits = (softmax − one_hot_labels) / (${e.batchSize}·10)`}
          words={`For image 0 at its label ${label}: (${exactValue(p)} − 1) / ${entries} = ${exactValue(d.values[label])}.`}
        >
          <MatrixCanvas name="dL/dlogits" shape={d.shape} values={d.values} scale="auto" rowWord="images" colWord="digits" maxCell={12} />
        </Down>
        {shown >= 1 && <LayerGrads e={e} layer={3} />}
        {shown >= 2 && <LayerDelta e={e} layer={2} />}
        {shown >= 3 && <LayerGrads e={e} layer={2} />}
        {shown >= 4 && <LayerDelta e={e} layer={1} />}
        {shown >= 5 && <LayerGrads e={e} layer={1} />}
      </ol>
    </>
  );
}
