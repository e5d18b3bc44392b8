import { useEffect, useRef } from 'react';
import type { GalleryState } from '../store/inspectionSlice';
import type { GalleryImage } from '../worker/protocol';

interface Props {
  gallery: GalleryState;
  onSelect(image: GalleryImage): void;
  onClose(): void;
  /** The test image picked from this gallery, and explaining one step on it (the One step view). */
  picked?: number | null;
  onExplain?(index: number): void;
}

/** The test images behind a confusion cell, most confident first, drawn crisp at 28×28 ×2. */
export function Gallery({ gallery, onSelect, onClose, picked = null, onExplain }: Props) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [gallery.requestId]);
  const shown = gallery.images.length;
  return (
    <section className="gallery" aria-label={gallery.title} aria-busy={gallery.pending}>
      <div className="gallery-head">
        <h3 tabIndex={-1} ref={heading}>
          {gallery.title}
        </h3>
        <button type="button" onClick={onClose}>
          Close images
        </button>
      </div>
      <p className="hint">
        {gallery.pending
          ? 'Collecting the images…'
          : gallery.error
            ? null
            : gallery.total === 0
              ? 'No test image is in this cell.'
              : `${gallery.total.toLocaleString('en-US')} image${gallery.total === 1 ? '' : 's'}${shown < gallery.total ? `, the ${shown} most confident shown` : ''}, most confident first. Click one to see its ten probabilities next to your drawing.`}
      </p>
      {onExplain && picked !== null && gallery.images.some((i) => i.index === picked) && (
        <button type="button" onClick={() => onExplain(picked)}>
          Explain one step on test image #{picked}
        </button>
      )}
      {gallery.error && (
        <p className="error-inline" role="alert">
          {gallery.error}
        </p>
      )}
      <ul className="thumbs">
        {gallery.images.map((image) => {
          const confidence = Math.round(image.probabilities[image.predicted] * 100);
          return (
            <li key={image.index}>
              <button type="button" className="thumb" onClick={() => onSelect(image)} title={`Test image #${image.index}`}>
                <img src={image.url} width={56} height={56} alt={`true ${image.actual}, predicted ${image.predicted} (${confidence}%)`} />
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
