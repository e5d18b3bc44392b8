import { useAppStore, selectPrediction, selectPredictionPending } from '../store/appStore';
import { DrawingPad } from './DrawingPad';
import { FieldPreview } from './FieldPreview';
import { PredictionBars } from './PredictionBars';

/** Draw a digit and see what the current weights make of it. */
export function PredictionPanel() {
  const prediction = useAppStore(selectPrediction);
  const pending = useAppStore(selectPredictionPending);
  const predict = useAppStore((s) => s.predict);
  const clearDrawing = useAppStore((s) => s.clearDrawing);
  const probabilities = prediction?.probabilities;
  const valid = probabilities && probabilities.every(Number.isFinite);

  return (
    <section className="panel predict" aria-labelledby="predict-title">
      <h2 id="predict-title">Draw a digit</h2>
      <div className="predict-row">
        <DrawingPad onInk={predict} onClear={clearDrawing} />
        <FieldPreview input={prediction?.input ?? null} />
      </div>
      <div className="prediction" aria-live="polite" aria-busy={pending} data-testid="prediction">
        {!prediction?.input && <p className="hint">Draw a digit 0-9 on the pad with the mouse, a finger or a pen.</p>}
        {prediction?.input && !probabilities && (
          <p className="hint">No trained weights yet: click Train, then the prediction appears here.</p>
        )}
        {prediction?.input && probabilities && !valid && (
          <p className="hint">The weights give no finite probabilities: train again with a smaller learning rate.</p>
        )}
        {valid && <PredictionBars probabilities={probabilities} />}
      </div>
    </section>
  );
}
