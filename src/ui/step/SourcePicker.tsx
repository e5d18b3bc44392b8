import { useId, useState } from 'react';
import type { ExplainSource } from '../../worker/protocol';

interface Props {
  /** A run is training: explaining its next batch pauses it first. */
  running: boolean;
  busy: boolean;
  onExplain(source: ExplainSource): void;
}

const TEST_IMAGES = 10_000;

/** Which batch to explain: the run's next one (the default), a random or a numbered test image, or the drawing with its label. */
export function SourcePicker({ running, busy, onExplain }: Props) {
  const [index, setIndex] = useState('0');
  const [label, setLabel] = useState('0');
  const indexId = useId();
  const labelId = useId();
  const parsed = Number(index);
  const validIndex = index.trim() !== '' && Number.isInteger(parsed) && parsed >= 0 && parsed < TEST_IMAGES;
  return (
    <fieldset className="step-source" aria-busy={busy}>
      <legend>Which batch</legend>
      <div className="source-row">
        <button type="button" className="primary" onClick={() => onExplain({ kind: 'next-batch' })}>
          Explain the next batch
        </button>
        <span className="hint">
          {running ? 'The run is paused first: ' : ''}the batch Step trains next (with no run, batch 1 of epoch 1 of the settings).
        </span>
      </div>
      <div className="source-row">
        <button type="button" onClick={() => onExplain({ kind: 'random-test-image' })}>
          Explain a random test image
        </button>
        <span className="source-field">
          <label htmlFor={indexId}>Test image number</label>
          <input
            id={indexId}
            type="number"
            inputMode="numeric"
            min={0}
            max={TEST_IMAGES - 1}
            value={index}
            onChange={(event) => setIndex(event.target.value)}
            aria-invalid={!validIndex}
          />
          <button type="button" disabled={!validIndex} onClick={() => onExplain({ kind: 'test-image', index: parsed })}>
            Explain test image
          </button>
        </span>
      </div>
      <div className="source-row">
        <span className="source-field">
          <label htmlFor={labelId}>Label of the drawing</label>
          <select id={labelId} value={label} onChange={(event) => setLabel(event.target.value)}>
            {Array.from({ length: 10 }, (_, d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
          <button type="button" onClick={() => onExplain({ kind: 'drawing', label: Number(label) })}>
            Explain the drawing
          </button>
        </span>
      </div>
      <p className="hint">
        A test image or the drawing is explained as a batch of one, with its label. In Inside, a gallery image you pick can be explained
        too.
      </p>
    </fieldset>
  );
}
