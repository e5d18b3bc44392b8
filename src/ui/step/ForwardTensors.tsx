import { useMemo } from 'react';
import type { Activation } from '../../model/stepRule';
import type { StepExplanation } from '../../worker/protocol';
import { BarsCanvas } from './BarsCanvas';
import type { BlockId } from './chapterCode';
import { MatrixCanvas } from './MatrixCanvas';
import { PictureGrid } from './PictureGrid';
import { figure, shapeText } from './readout';
import { isSaturated, SATURATION_WORDS, saturatedShare, tensorStats } from './tensorStats';

const ACTIVATION_NAME: Record<Activation, string> = { sigmoid: 'sigmoid', tanh: 'tanh', relu: 'ReLU' };

/** The saturation test of each activation, as stable functions (a canvas repaints when its mark changes). */
const MARKS: Record<Activation, (a: number) => boolean> = {
  sigmoid: (a) => isSaturated(a, 'sigmoid'),
  tanh: (a) => isSaturated(a, 'tanh'),
  relu: (a) => isSaturated(a, 'relu'),
};

/** A weight used by a line: its shape and range, in one line. */
function WeightLine({ e, names }: { e: StepExplanation; names: ('W_1' | 'b_1' | 'W_2' | 'b_2' | 'W_3' | 'b_3')[] }) {
  return (
    <p className="tensor-uses">
      Uses{' '}
      {names.map((n, i) => {
        const s = tensorStats(e.weights[n].values);
        return (
          <span key={n}>
            {i > 0 && ' and '}
            <code>{n}</code> {shapeText(e.weights[n].shape)} (min {figure(s.min, 3)}, max {figure(s.max, 3)})
          </span>
        );
      })}
      .
    </p>
  );
}

/** A hidden layer's activations: the heatmap with saturated units dotted, and their share. */
function Activations({ e, layer }: { e: StepExplanation; layer: 1 | 2 }) {
  const name = layer === 1 ? 'hidden_1' : 'hidden_2';
  const t = e.tensors[name];
  const activation = e.rule.activation;
  const share = useMemo(() => saturatedShare(t.values, activation), [t, activation]);
  const mark = MARKS[activation];
  return (
    <MatrixCanvas
      name={name}
      shape={t.shape}
      values={t.values}
      scale={{ kind: 'activation', activation, max: tensorStats(t.values).max }}
      rowWord="images"
      colWord="units"
      about={`after the ${ACTIVATION_NAME[activation]}, one row per image`}
      note={
        <p className="tensor-note">
          {activation === 'relu' ? 'Dead' : 'Saturated'}: {(share * 100).toFixed(1)}% of the {t.values.length.toLocaleString('en-US')}{' '}
          activations ({SATURATION_WORDS[activation]}): they pass almost no gradient back.
        </p>
      }
      marked={mark}
      markWords={activation === 'relu' ? 'dead (a = 0)' : 'saturated'}
      describe={(_r, _c, v) => (mark(v) ? (activation === 'relu' ? 'dead' : 'saturated') : '')}
    />
  );
}

/** The tensors a forward-stage block of the chapter's code produces. */
export function ForwardTensors({ id, e }: { id: BlockId; e: StepExplanation }) {
  const t = e.tensors;
  switch (id) {
    case 'batch':
      return (
        <>
          <PictureGrid
            name="features"
            shape={t.features.shape}
            values={t.features.values}
            colours="grey"
            maxScale={2}
            about="the batch: each image a row of 784 pixels, shown as 28×28"
            pictureWords={(p) => `image ${p}, label ${e.labels[p]}`}
          />
          <MatrixCanvas
            name="one_hot_labels"
            shape={t.one_hot.shape}
            values={t.one_hot.values}
            scale={{ kind: 'activation', activation: 'relu', max: 1 }}
            rowWord="images"
            colWord="digits"
            about={`a 1 at each image's label (labels ${e.labels.slice(0, 12).join(', ')}${e.labels.length > 12 ? ', …' : ''})`}
            maxCell={12}
          />
        </>
      );
    case 'linear1':
    case 'linear2': {
      const layer = id === 'linear1' ? 1 : 2;
      const pre = layer === 1 ? t.hidden_1_pre : t.hidden_2_pre;
      return (
        <>
          <WeightLine e={e} names={layer === 1 ? ['W_1', 'b_1'] : ['W_2', 'b_2']} />
          <MatrixCanvas
            name={`hidden_${layer}_pre`}
            shape={pre.shape}
            values={pre.values}
            scale="auto"
            rowWord="images"
            colWord="units"
            about={`the chapter's hidden_${layer} before the activation (z${layer}), one row per image`}
          />
        </>
      );
    }
    case 'act1':
      return <Activations e={e} layer={1} />;
    case 'act2':
      return <Activations e={e} layer={2} />;
    case 'logits':
      return <Logits e={e} />;
    default:
      return null;
  }
}

function Logits({ e }: { e: StepExplanation }) {
  const logits = e.tensors.logits;
  const right = useMemo(() => {
    let count = 0;
    for (let b = 0; b < e.batchSize; b++) {
      const row = logits.values.subarray(b * 10, b * 10 + 10);
      if (row.indexOf(Math.max(...row)) === e.labels[b]) count++;
    }
    return count;
  }, [logits, e.batchSize, e.labels]);
  return (
    <>
      <WeightLine e={e} names={['W_3', 'b_3']} />
      <BarsCanvas
        name="logits"
        shape={logits.shape}
        values={logits.values}
        labels={e.labels}
        about="ten scores per image, one per digit"
        note={
          <p className="tensor-note">
            The largest logit is the network&apos;s guess: right for {right} of {e.batchSize} image{e.batchSize === 1 ? '' : 's'}.
          </p>
        }
      />
    </>
  );
}
