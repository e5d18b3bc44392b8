import type { KeyboardEvent, MouseEvent, ReactNode, Ref } from 'react';
import { figure, shapeText } from './readout';
import type { TensorStats } from './tensorStats';

interface Props {
  /** The chapter's name, e.g. hidden_1 or W_1.grad. */
  name: string;
  shape: readonly number[];
  stats: TensorStats;
  /** What the tensor is, in a few words. */
  about?: ReactNode;
  /** Beside the picture: the saturated share, the autodiff check. */
  note?: ReactNode;
  legend?: ReactNode;
  readoutId: string;
  /** The element under the pointer or the cursor, exactly; or how to read one. */
  readout: string;
  /** Whether the readout names an element (else it says how to read one). */
  reading: boolean;
  children: ReactNode;
}

/** One tensor: its name and shape in the chapter's convention, min / mean / max, its picture, its scale, and the element read out. */
export function TensorFigure({ name, shape, stats, about, note, legend, readoutId, readout, reading, children }: Props) {
  return (
    <figure className="tensor">
      <figcaption className="tensor-head">
        <code className="tensor-name">{name}</code> <span className="tensor-shape">{shapeText(shape)}</span>
        {about && <span className="tensor-about"> {about}</span>}
        <span className="tensor-stats">
          min {figure(stats.min)} · mean {figure(stats.mean)} · max {figure(stats.max)}
        </span>
      </figcaption>
      {note}
      {children}
      {legend && <p className="tensor-legend">{legend}</p>}
      <p className="step-readout" id={readoutId} aria-live="polite" data-element={reading ? '' : undefined}>
        {readout}
      </p>
    </figure>
  );
}

/** A colour scale's legend: its two ends on the bar, and what the colours mean. */
export function ScaleLegend({ low, high, words, half = false }: { low: string; high: string; words: ReactNode; half?: boolean }) {
  return (
    <>
      <span className="legend">
        <span className="legend-end">{low}</span>
        <span className={half ? 'legend-bar legend-half' : 'legend-bar'} aria-hidden="true" />
        <span className="legend-end">{high}</span>
      </span>{' '}
      {words}
    </>
  );
}

interface CanvasProps {
  wrapper: Ref<HTMLDivElement>;
  canvas: Ref<HTMLCanvasElement>;
  width: number;
  height: number;
  /** The canvas's accessible name: what it shows and how to read it. */
  label: string;
  readoutId: string;
  onPoint: (event: MouseEvent<HTMLCanvasElement>) => void;
  onKeyDown: (event: KeyboardEvent<HTMLCanvasElement>) => void;
  onLeave: () => void;
  /** Marks drawn over the canvas at the cursor. */
  children?: ReactNode;
}

/** A tensor's canvas, focusable and read by pointer or arrow keys, with the cursor's marks over it. */
export function CursorCanvas({ wrapper, canvas, width, height, label, readoutId, onPoint, onKeyDown, onLeave, children }: CanvasProps) {
  return (
    <div className="matrix-wrap" ref={wrapper}>
      <div className="matrix-box" style={{ width, height }}>
        <canvas
          ref={canvas}
          role="img"
          tabIndex={0}
          aria-label={label}
          aria-describedby={readoutId}
          style={{ width, height }}
          onMouseMove={onPoint}
          onMouseLeave={onLeave}
          onKeyDown={onKeyDown}
          onBlur={onLeave}
        />
        {children}
      </div>
    </div>
  );
}
