import { useEffect, useId, useMemo, useRef, type MouseEvent, type ReactNode } from 'react';
import { useWidth } from '../useWidth';
import { elementName, exactValue, figure } from './readout';
import { CursorCanvas, TensorFigure } from './TensorFigure';
import { tensorStats } from './tensorStats';
import { matrixStep, useGridCursor } from './useGridCursor';

interface Props {
  name: 'logits' | 'softmax';
  values: Float32Array;
  shape: readonly number[];
  labels: readonly number[];
  about?: ReactNode;
  note?: ReactNode;
  /** More words for the element read out. */
  describe?: (image: number, digit: number, value: number) => string;
}

const SLOT = 10;
const PAD = 6;
const CAPTION = 14;
const BARS = 48;
const PANEL_W = 10 * SLOT + 2 * PAD;
const PANEL_H = CAPTION + BARS + 6;
const LABEL_COLOUR = '#1d7a3a';
const OTHER_COLOUR = '#5b7bb0';

interface Layout {
  perRow: number;
  width: number;
  height: number;
}

/** Ten bars per image, images side by side: softmax from 0 to 1 with the one-hot target outlined, logits around a zero line. */
function paint(
  canvas: HTMLCanvasElement,
  { name, values, labels }: Pick<Props, 'name' | 'values' | 'labels'>,
  layout: Layout,
  maxAbs: number,
) {
  const batch = labels.length;
  const ratio = Math.min(2, window.devicePixelRatio || 1);
  canvas.width = layout.width * ratio;
  canvas.height = layout.height * ratio;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.scale(ratio, ratio);
  ctx.font = '10px system-ui, sans-serif';
  ctx.textBaseline = 'top';
  for (let b = 0; b < batch; b++) {
    const x0 = (b % layout.perRow) * PANEL_W + PAD;
    const y0 = Math.floor(b / layout.perRow) * PANEL_H;
    ctx.fillStyle = '#3d4a5c';
    ctx.fillText(`${b}: label ${labels[b]}`, x0, y0 + 1);
    const top = y0 + CAPTION;
    const zero = name === 'softmax' ? top + BARS : top + BARS / 2;
    ctx.fillStyle = '#c5ccd6';
    ctx.fillRect(x0, zero, 10 * SLOT - 1, 1);
    for (let d = 0; d < 10; d++) {
      const v = values[b * 10 + d];
      const h = name === 'softmax' ? Math.max(0, Math.min(1, v)) * BARS : maxAbs > 0 ? (v / maxAbs) * (BARS / 2) : 0;
      ctx.fillStyle = d === labels[b] ? LABEL_COLOUR : OTHER_COLOUR;
      ctx.fillRect(x0 + d * SLOT, h >= 0 ? zero - h : zero + 1, SLOT - 2, Math.max(1, Math.abs(h)));
    }
    if (name === 'softmax') {
      // one_hot: the target, 1 at the label
      ctx.strokeStyle = '#1b2430';
      ctx.setLineDash([2, 2]);
      ctx.strokeRect(x0 + labels[b] * SLOT - 0.5, top - 0.5, SLOT - 1, BARS + 1);
      ctx.setLineDash([]);
    }
  }
}

/**
 * Ten bars per image on one canvas: the logits, or the softmax beside the one-hot label. Any bar
 * can be read exactly by pointing at it or by moving a cursor with the arrow keys (↑↓ images, ←→ digits).
 */
export function BarsCanvas({ name, values, shape, labels, about, note, describe }: Props) {
  const batch = shape[0];
  const stats = useMemo(() => tensorStats(values), [values]);
  const [wrapper, width] = useWidth<HTMLDivElement>(320);
  const perRow = Math.max(1, Math.min(batch, Math.floor(width / PANEL_W)));
  const layout = useMemo(() => ({ perRow, width: perRow * PANEL_W, height: Math.ceil(batch / perRow) * PANEL_H }), [perRow, batch]);
  const canvas = useRef<HTMLCanvasElement>(null);
  const readoutId = useId();
  const { cursor, setCursor, onKeyDown, clear } = useGridCursor(matrixStep(batch, 10));

  useEffect(() => {
    if (canvas.current) paint(canvas.current, { name, values, labels }, layout, stats.maxAbs);
  }, [name, values, labels, layout, stats]);

  const at = (event: MouseEvent<HTMLCanvasElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    const x = event.clientX - rect.left;
    const y = event.clientY - rect.top;
    const image = Math.floor(y / PANEL_H) * perRow + Math.floor(x / PANEL_W);
    const digit = Math.floor(((x % PANEL_W) - PAD) / SLOT);
    setCursor(image >= 0 && image < batch && digit >= 0 && digit < 10 && x < perRow * PANEL_W ? { row: image, col: digit } : null);
  };

  let readout = `Point at a bar, or focus them and use the arrow keys (↑↓ images, ←→ digits), to read ${name}[image, digit].`;
  if (cursor) {
    const v = values[cursor.row * 10 + cursor.col];
    const more = describe?.(cursor.row, cursor.col, v);
    readout = `${elementName(name, [cursor.row, cursor.col])} = ${exactValue(v)} (image ${cursor.row}, digit ${cursor.col}${cursor.col === labels[cursor.row] ? ', its label' : ''}${more ? `; ${more}` : ''})`;
  }
  const legend =
    name === 'softmax'
      ? 'Ten bars per image, digits 0 to 9, from 0 to 1: green the label’s probability, the dashed box the one-hot target (1 at the label, 0 elsewhere).'
      : `Ten bars per image, digits 0 to 9, up for positive, down for negative, on ±${figure(stats.maxAbs, 3)}: green the label’s logit.`;
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
        width={layout.width}
        height={layout.height}
        label={`${name}: ten bars for each of ${batch} image${batch === 1 ? '' : 's'}. Arrow keys move a cursor; its bar is read out below.`}
        readoutId={readoutId}
        onPoint={at}
        onKeyDown={onKeyDown}
        onLeave={clear}
      >
        {cursor && (
          <span
            className="cell-focus"
            aria-hidden="true"
            style={{
              left: (cursor.row % perRow) * PANEL_W + PAD + cursor.col * SLOT - 1,
              top: Math.floor(cursor.row / perRow) * PANEL_H + CAPTION - 2,
              width: SLOT,
              height: BARS + 4,
            }}
          />
        )}
      </CursorCanvas>
    </TensorFigure>
  );
}
