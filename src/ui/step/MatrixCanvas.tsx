import { useEffect, useId, useMemo, useRef, type MouseEvent, type ReactNode } from 'react';
import { useWidth } from '../useWidth';
import { legendOf, writeHeatColor, type HeatScale } from './heatColors';
import { elementName, exactValue } from './readout';
import { CursorCanvas, TensorFigure, ScaleLegend } from './TensorFigure';
import { tensorStats } from './tensorStats';
import { matrixStep, useGridCursor } from './useGridCursor';

interface Props {
  /** The chapter's name, as the readout writes an element: hidden_1[3, 17]. */
  name: string;
  shape: readonly number[];
  values: Float32Array;
  scale: HeatScale | 'auto';
  /** What a row and a column are, for the canvas's name ("32 images by 100 units"). */
  rowWord: string;
  colWord: string;
  about?: ReactNode;
  note?: ReactNode;
  /** Elements drawn with a dot (saturated units), and what the dot means. */
  marked?: (value: number) => boolean;
  markWords?: string;
  /** More words for the element read out (e.g. "saturated"). */
  describe?: (row: number, col: number, value: number) => string;
  /** The largest cell in CSS pixels. */
  maxCell?: number;
}

/** Paints the matrix, one cell of `cell` backing pixels per element, marked ones with a dot in the middle. */
function paint(
  canvas: HTMLCanvasElement,
  values: Float32Array,
  rows: number,
  cols: number,
  cell: number,
  scale: HeatScale,
  marked?: (v: number) => boolean,
) {
  canvas.width = cols * cell;
  canvas.height = rows * cell;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const image = ctx.createImageData(canvas.width, canvas.height);
  const data = image.data;
  const one = new Uint8ClampedArray(4);
  const dot = Math.max(1, Math.floor(cell / 3));
  const dotFrom = Math.floor((cell - dot) / 2);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const v = values[r * cols + c];
      const dark = writeHeatColor(one, 0, v, scale);
      const mark = cell >= 3 && marked?.(v);
      for (let y = 0; y < cell; y++) {
        let o = ((r * cell + y) * canvas.width + c * cell) * 4;
        for (let x = 0; x < cell; x++, o += 4) {
          const inDot = mark && y >= dotFrom && y < dotFrom + dot && x >= dotFrom && x < dotFrom + dot;
          if (inDot) {
            const ink = dark ? 255 : 17;
            data[o] = ink;
            data[o + 1] = ink;
            data[o + 2] = ink;
            data[o + 3] = 255;
          } else data.set(one, o);
        }
      }
    }
  }
  ctx.putImageData(image, 0, 0);
}

/**
 * A matrix as a heatmap on one canvas (never a DOM node per element): a colour per element on the
 * diverging map, its legend with the range, and any element read exactly by pointing at it or by
 * moving a cursor over it with the arrow keys.
 */
export function MatrixCanvas({
  name,
  shape,
  values,
  scale,
  rowWord,
  colWord,
  about,
  note,
  marked,
  markWords,
  describe,
  maxCell = 8,
}: Props) {
  const [rows, cols] = shape;
  const stats = useMemo(() => tensorStats(values), [values]);
  const heat = useMemo<HeatScale>(() => (scale === 'auto' ? { kind: 'diverging', max: stats.maxAbs } : scale), [scale, stats]);
  const [wrapper, width] = useWidth<HTMLDivElement>(320);
  // dots need 3 pixels: a marked heatmap scrolls inside its panel on a phone rather than lose them
  const cell = Math.max(marked ? 3 : 1, Math.min(maxCell, Math.floor(width / cols)));
  const canvas = useRef<HTMLCanvasElement>(null);
  const readoutId = useId();
  const { cursor, setCursor, onKeyDown, clear } = useGridCursor(matrixStep(rows, cols));

  useEffect(() => {
    if (canvas.current) paint(canvas.current, values, rows, cols, cell, heat, marked);
  }, [values, rows, cols, cell, heat, marked]);

  const at = (event: MouseEvent<HTMLCanvasElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    const col = Math.floor(((event.clientX - rect.left) / rect.width) * cols);
    const row = Math.floor(((event.clientY - rect.top) / rect.height) * rows);
    setCursor(row >= 0 && row < rows && col >= 0 && col < cols ? { row, col } : null);
  };

  let readout = `Point at it, or focus it and use the arrow keys, to read ${name}[${rowWord === 'row' ? '0' : 'i'}, j].`;
  if (cursor) {
    const v = values[cursor.row * cols + cursor.col];
    const more = describe?.(cursor.row, cursor.col, v);
    readout = `${elementName(name, [cursor.row, cursor.col])} = ${exactValue(v)}${more ? ` (${more})` : ''}`;
  }
  const legend = legendOf(heat);
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
      legend={
        <ScaleLegend
          low={legend.low}
          high={legend.high}
          half={legend.half}
          words={`blue low, ${legend.middle}, red high${marked && markWords ? `; a dot: ${markWords}` : ''}.`}
        />
      }
    >
      <CursorCanvas
        wrapper={wrapper}
        canvas={canvas}
        width={cols * cell}
        height={rows * cell}
        label={`${name}, ${rows} ${rowWord} by ${cols} ${colWord}, as a heatmap. Arrow keys move a cursor; its element is read out below.`}
        readoutId={readoutId}
        onPoint={at}
        onKeyDown={onKeyDown}
        onLeave={clear}
      >
        {cursor && (
          <span
            className="cell-focus"
            aria-hidden="true"
            style={{ left: cursor.col * cell, top: cursor.row * cell, width: cell, height: cell }}
          />
        )}
      </CursorCanvas>
    </TensorFigure>
  );
}
