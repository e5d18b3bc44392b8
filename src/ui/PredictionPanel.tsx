import {
  useAppStore,
  selectPrediction,
  selectPredictionError,
  selectPredictionPending,
  selectSubject,
  selectTestImage,
} from '../store/appStore';
import { DrawingPad } from './DrawingPad';
import { FieldPreview } from './FieldPreview';
import { PredictionBars } from './PredictionBars';

/** Draw a digit, or pick a test image from the gallery, and see what the current weights make of it. */
export function PredictionPanel() {
  const prediction = useAppStore(selectPrediction);
  const pending = useAppStore(selectPredictionPending);
  const failure = useAppStore(selectPredictionError);
  const testImage = useAppStore(selectTestImage);
  const subject = useAppStore(selectSubject);
  const predict = useAppStore((s) => s.predict);
  const clearDrawing = useAppStore((s) => s.clearDrawing);
  const closeTestImage = useAppStore((s) => s.closeTestImage);
  const showingImage = subject === 'test-image' && testImage !== null;
  const probabilities = showingImage ? testImage.probabilities : prediction?.probabilities;
  const valid = probabilities && probabilities.every(Number.isFinite);

  return (
    <section className="panel predict" aria-labelledby="predict-title">
      <h2 id="predict-title">Draw a digit</h2>
      <div className="predict-row">
        <DrawingPad onInk={predict} onClear={clearDrawing} />
        <div className="previews">
          <FieldPreview
            input={prediction?.input ?? null}
            label="What the network sees: the drawing as a 28 by 28 MNIST image"
            caption="Your drawing as the network sees it (28×28)"
          />
          {testImage && (
            <div className="test-image">
              <FieldPreview
                input={testImage.input}
                label={`What the network sees: test image ${testImage.index}, a ${testImage.actual}`}
                caption={`Test image #${testImage.index} (true ${testImage.actual})`}
              />
              <button type="button" onClick={closeTestImage}>
                Back to my drawing
              </button>
            </div>
          )}
        </div>
      </div>
      <div className="prediction" aria-live="polite" aria-busy={pending && !showingImage} data-testid="prediction">
        {showingImage && (
          <p className="subject">
            Test image #{testImage.index}, a {testImage.actual}:
          </p>
        )}
        {!showingImage && !prediction?.input && <p className="hint">Draw a digit 0-9 on the pad with the mouse, a finger or a pen.</p>}
        {!showingImage && prediction?.input && !probabilities && (
          <p className="hint">No trained weights yet: click Train, then the prediction appears here.</p>
        )}
        {probabilities && !valid && (
          <p className="hint">The weights give no finite probabilities: train again with a smaller learning rate.</p>
        )}
        {!showingImage && failure && (
          <p className="error-inline" role="alert">
            {failure}
          </p>
        )}
        {valid && <PredictionBars probabilities={probabilities} />}
      </div>
    </section>
  );
}
