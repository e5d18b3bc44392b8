import { useState, type KeyboardEvent } from 'react';

/** A position in a grid of elements: a row and a column, or a picture and a pixel. */
export interface GridCursor {
  row: number;
  col: number;
}

/** How a key moves the cursor; null: the key is not the cursor's. */
export type CursorStep = (cursor: GridCursor, key: string, shift: boolean) => GridCursor | null;

const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));

/** A matrix's moves: arrows by one element, PageUp/PageDown by ten rows, Home/End to the row's ends. */
export function matrixStep(rows: number, cols: number): CursorStep {
  return ({ row, col }, key) => {
    const moves: Record<string, [number, number]> = {
      ArrowRight: [0, 1],
      ArrowLeft: [0, -1],
      ArrowDown: [1, 0],
      ArrowUp: [-1, 0],
      PageDown: [10, 0],
      PageUp: [-10, 0],
      Home: [0, -cols],
      End: [0, cols],
    };
    if (!(key in moves)) return null;
    const [dr, dc] = moves[key];
    return { row: clamp(row + dr, 0, rows - 1), col: clamp(col + dc, 0, cols - 1) };
  };
}

/**
 * A cursor over a canvas's elements, for the pointer and the keyboard (as the weight tiles do): the
 * first key puts it on the first element, the next ones move it. The keys it uses go no further: an
 * arrow here moves the cursor, never Step or the explainer's stage.
 */
export function useGridCursor(step: CursorStep) {
  const [cursor, setCursor] = useState<GridCursor | null>(null);
  const onKeyDown = (event: KeyboardEvent) => {
    const origin = cursor ?? { row: 0, col: 0 };
    const next = step(origin, event.key, event.shiftKey);
    if (!next) return;
    event.preventDefault();
    event.stopPropagation();
    setCursor(cursor ? next : origin);
  };
  return { cursor, setCursor, onKeyDown, clear: () => setCursor(null) };
}
