import { useEffect, useId, useMemo, useRef, type MouseEvent, type ReactNode } from 'react';
import { renderTiles } from '../../model/tiles';
import { useWidth } from '../useWidth';
import { drawGrid, GAP, scaleFor, TILE } from '../WeightTiles';
import { elementName, exactValue, figure } from './readout';
import { ScaleLegend, CursorCanvas, TensorFigure } from './TensorFigure';
import { tensorStats } from './tensorStats';
import { useGridCursor, type CursorStep } from './useGridCursor';

const PIXELS = TILE * TILE;

interface Props {
  /** features, W_1.grad, or an update of W_1. */
  name: string;
  /** (pictures, 784), row-major: picture p is row p. */
  shape: readonly number[];
  values: Float32Array;
  /** MNIST's grey (0 black, 1 white), or the diverging map on one scale for all pictures. */
  colours: 'grey' | 'diverging';
  /** What one picture is, for the readout: "image 3, label 7" or "hidden unit 17's weights". */
  pictureWords: (picture: number) => string;
  about?: ReactNode;
  note?: ReactNode;
  /** The largest zoom (tiles are 28 CSS pixels at 1). */
  maxScale?: number;
}

/** Pictures in, RGBA out: grey for images; for weights the weight tiles' own renderer (it reads (784, units), so the rows are turned into columns). */
function pictureColours(
  values: Float32Array,
  pictures: number,
  colours: Props['colours'],
): { rgba: Uint8ClampedArray<ArrayBuffer>; max: number } {
  if (colours === 'diverging') {
    const columns = new Float32Array(values.length);
    for (let p = 0; p < pictures; p++) for (let k = 0; k < PIXELS; k++) columns[k * pictures + p] = values[p * PIXELS + k];
    const { rgba, max } = renderTiles(columns, pictures, 'shared');
    return { rgba, max };
  }
  const rgba = new Uint8ClampedArray(values.length * 4);
  for (let i = 0; i < values.length; i++) {
    const v = Math.round(255 * Math.max(0, Math.min(1, values[i])));
    rgba[i * 4] = v;
    rgba[i * 4 + 1] = v;
    rgba[i * 4 + 2] = v;
    rgba[i * 4 + 3] = 255;
  }
  return { rgba, max: 1 };
}

/** Arrows move within a picture; Shift+arrows, PageUp/PageDown move between pictures; Home/End go to the first and last. */
function pictureStep(pictures: number, columns: number): CursorStep {
  return ({ row, col }, key, shift) => {
    const clampPicture = (p: number) => Math.max(0, Math.min(pictures - 1, p));
    const [y, x] = [Math.floor(col / TILE), col % TILE];
    const pixel = (ny: number, nx: number) => Math.max(0, Math.min(TILE - 1, ny)) * TILE + Math.max(0, Math.min(TILE - 1, nx));
    const pictureMoves: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: columns, ArrowUp: -columns };
    if (shift && key in pictureMoves) return { row: clampPicture(row + pictureMoves[key]), col };
    switch (key) {
      case 'ArrowRight':
        return { row, col: pixel(y, x + 1) };
      case 'ArrowLeft':
        return { row, col: pixel(y, x - 1) };
      case 'ArrowDown':
        return { row, col: pixel(y + 1, x) };
      case 'ArrowUp':
        return { row, col: pixel(y - 1, x) };
      case 'PageDown':
        return { row: clampPicture(row + 1), col };
      case 'PageUp':
        return { row: clampPicture(row - 1), col };
      case 'Home':
        return { row: 0, col };
      case 'End':
        return { row: pictures - 1, col };
      default:
        return null;
    }
  };
}

/**
 * Rows of 784 as 28×28 pictures on one canvas, composed and drawn with one putImageData as the
 * weight tiles are: the batch's images, or W_1.grad with one tile per hidden unit. Every pixel can
 * be read exactly by pointing at it or by moving a cursor with the keyboard.
 */
export function PictureGrid({ name, shape, values, colours, pictureWords, about, note, maxScale = 3 }: Props) {
  const pictures = shape[0];
  const stats = useMemo(() => tensorStats(values), [values]);
  const drawn = useMemo(() => pictureColours(values, pictures, colours), [values, pictures, colours]);
  const [wrapper, width] = useWidth<HTMLDivElement>(320);
  const scale = Math.min(maxScale, scaleFor(pictures, width));
  const columns = Math.max(1, Math.min(pictures, Math.floor((width + GAP * scale) / ((TILE + GAP) * scale))));
  const canvas = useRef<HTMLCanvasElement>(null);
  const readoutId = useId();
  const { cursor, setCursor, onKeyDown, clear } = useGridCursor(pictureStep(pictures, columns));

  useEffect(() => {
    if (canvas.current) drawGrid(canvas.current, { units: pictures, rgba: drawn.rgba }, columns);
  }, [drawn, pictures, columns]);

  const cell = (TILE + GAP) * scale;
  const at = (event: MouseEvent<HTMLCanvasElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    const [x, y] = [event.clientX - rect.left, event.clientY - rect.top];
    const picture = Math.floor(y / cell) * columns + Math.floor(x / cell);
    const [px, py] = [Math.floor((x % cell) / scale), Math.floor((y % cell) / scale)];
    setCursor(picture >= 0 && picture < pictures && px < TILE && py < TILE ? { row: picture, col: py * TILE + px } : null);
  };

  let readout = `Point at a pixel, or focus the pictures and use the arrow keys (Shift+arrows or PageUp/PageDown: the next picture), to read ${name}[picture, pixel].`;
  if (cursor) {
    const v = values[cursor.row * PIXELS + cursor.col];
    readout = `${elementName(name, [cursor.row, cursor.col])} = ${exactValue(v)} (${pictureWords(cursor.row)}; pixel row ${Math.floor(cursor.col / TILE)}, column ${cursor.col % TILE})`;
  }
  const legend =
    colours === 'grey' ? (
      'Pixel values from 0 (black) to 1 (white), as the network reads them.'
    ) : (
      <ScaleLegend
        low={figure(-drawn.max, 2)}
        high={`+${figure(drawn.max, 2)}`}
        words="One colour scale for all tiles: blue negative, white 0, red positive."
      />
    );
  const gridWidth = (columns * (TILE + GAP) - GAP) * scale;
  const gridHeight = (Math.ceil(pictures / columns) * (TILE + GAP) - GAP) * scale;
  return (
    <TensorFigure
      name={name}
      shape={shape}
      stats={stats}
      about={about}
      note={note}
      readoutId={readoutId}
      readout={readout}
      reading={cursor !== null}
      legend={legend}
    >
      <CursorCanvas
        wrapper={wrapper}
        canvas={canvas}
        width={gridWidth}
        height={gridHeight}
        label={`${name}: ${pictures} picture${pictures === 1 ? '' : 's'} of 28 by 28. Arrow keys move a cursor over the pixels; the pixel is read out below.`}
        readoutId={readoutId}
        onPoint={at}
        onKeyDown={onKeyDown}
        onLeave={clear}
      >
        {cursor && (
          <>
            <span
              className="tile-outline"
              aria-hidden="true"
              style={{
                left: (cursor.row % columns) * cell,
                top: Math.floor(cursor.row / columns) * cell,
                width: TILE * scale,
                height: TILE * scale,
              }}
            />
            <span
              className="cell-focus"
              aria-hidden="true"
              style={{
                left: (cursor.row % columns) * cell + (cursor.col % TILE) * scale,
                top: Math.floor(cursor.row / columns) * cell + Math.floor(cursor.col / TILE) * scale,
                width: scale,
                height: scale,
              }}
            />
          </>
        )}
      </CursorCanvas>
    </TensorFigure>
  );
}
