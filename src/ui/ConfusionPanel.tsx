import { useDeferredValue } from 'react';
import { useAppStore, selectConfusion, selectGallery, selectTestImage } from '../store/appStore';
import { ConfusionMatrix } from './ConfusionMatrix';
import { Gallery } from './Gallery';

/** Which digits the network confuses, and the test images behind each cell. */
export function ConfusionPanel() {
  const confusion = useDeferredValue(useAppStore(selectConfusion)); // 100 cells: rendered in background slices
  const gallery = useAppStore(selectGallery);
  const openGallery = useAppStore((s) => s.openGallery);
  const closeGallery = useAppStore((s) => s.closeGallery);
  const showTestImage = useAppStore((s) => s.showTestImage);
  const testImage = useAppStore(selectTestImage);
  const explainStep = useAppStore((s) => s.explainStep);
  const explainImage = (index: number) => {
    explainStep({ kind: 'test-image', index });
    location.hash = 'step'; // the One step view shows it
  };
  const total = confusion?.counts.reduce((a, b) => a + b, 0) ?? 0;
  return (
    <section className="panel confusion-panel" aria-labelledby="confusion-title">
      <h2 id="confusion-title">Which digits does it confuse?</h2>
      {confusion ? (
        <>
          <p className="hint">
            The {total.toLocaleString('en-US')} test images under the {confusion.caption}: rows are the true digit, columns what the network
            predicts; the diagonal is right ({(confusion.accuracy * 100).toFixed(2)}%). Click a count to see its images.
          </p>
          <div className="matrix-row">
            <div className="matrix-scroll">
              <ConfusionMatrix counts={confusion.counts} onOpen={openGallery} />
            </div>
            <button type="button" onClick={() => openGallery('mistakes')}>
              Most confident mistakes
            </button>
          </div>
        </>
      ) : (
        <p className="hint">After the first epoch, the test set&apos;s confusion matrix appears here.</p>
      )}
      {gallery && (
        <Gallery
          gallery={gallery}
          onSelect={showTestImage}
          onClose={closeGallery}
          picked={testImage?.index ?? null}
          onExplain={explainImage}
        />
      )}
    </section>
  );
}
