import { useEffect, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { useAppStore, selectPhase, selectTiles, selectTilesError, selectTileSettings } from '../store/appStore';
import { describeTileNote } from '../store/messages';
import { useWidth } from './useWidth';
import type { TilesFrame, TileView } from '../worker/protocol';
import { TileControls } from './TileControls';

export const TILE = 28;
export const GAP = 2;
/** The gap colour (232, 235, 239) as one little-endian RGBA word. */
const GAP_PIXEL = (255 << 24) | (239 << 16) | (235 << 8) | 232;

/**
 * Bigger tiles when there are few (3× up to 36 units, 2× up to 200, else 1×), but never so big
 * that fewer than eight fit in a row: on a phone, 100 units are 11 tiles a row at 1×.
 */
export const scaleFor = (units: number, width: number) =>
  Math.max(1, Math.min(units <= 36 ? 3 : units <= 200 ? 2 : 1, Math.floor(width / ((TILE + GAP) * Math.min(8, units)))));

/** Composes all tiles into one image: a wrapping grid drawn with one putImageData, not a DOM node per tile (the step explainer's tiles too). */
export function drawGrid(canvas: HTMLCanvasElement, frame: Pick<TilesFrame, 'units' | 'rgba'>, columns: number): void {
  const rows = Math.ceil(frame.units / columns);
  const width = columns * (TILE + GAP) - GAP;
  const height = rows * (TILE + GAP) - GAP;
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const image = ctx.createImageData(width, height);
  new Uint32Array(image.data.buffer).fill(GAP_PIXEL); // the gaps' colour, one 32-bit write per pixel
  for (let j = 0; j < frame.units; j++) {
    const x0 = (j % columns) * (TILE + GAP);
    const y0 = Math.floor(j / columns) * (TILE + GAP);
    for (let y = 0; y < TILE; y++) {
      const from = (j * TILE * TILE + y * TILE) * 4;
      image.data.set(frame.rgba.subarray(from, from + TILE * 4), ((y0 + y) * width + x0) * 4);
    }
  }
  ctx.putImageData(image, 0, 0);
}

/** What a tile shows, in the canvas's name, and the unit of a tile's scale. */
const VIEW_WORDS: Record<TileView, { description: string; values: string }> = {
  weights: { description: "each unit's 784 incoming weights", values: 'weights' },
  change: { description: "how each unit's 784 incoming weights changed since the run began", values: 'changes' },
  gradient: { description: "the gradient of the last update for each unit's 784 incoming weights", values: 'gradients' },
};

/** What the first layer has learned: one 28×28 tile of incoming weights per hidden unit, live. */
export function WeightTiles() {
  const frame = useAppStore(selectTiles);
  const tilesError = useAppStore(selectTilesError);
  const settings = useAppStore(selectTileSettings);
  const phase = useAppStore(selectPhase);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [wrapper, width] = useWidth<HTMLDivElement>(600);
  const [focused, setFocused] = useState<number | null>(null);

  const scale = frame ? scaleFor(frame.units, width) : 2;
  const columns = frame ? Math.max(1, Math.min(frame.units, Math.floor((width + GAP * scale) / ((TILE + GAP) * scale)))) : 1;
  useEffect(() => {
    if (frame && canvas.current) drawGrid(canvas.current, frame, columns);
  }, [frame, columns]);

  const tileAt = (event: MouseEvent<HTMLCanvasElement>) => {
    if (!frame) return null;
    const rect = event.currentTarget.getBoundingClientRect();
    const size = (TILE + GAP) * (rect.width / event.currentTarget.width);
    const j = Math.floor((event.clientY - rect.top) / size) * columns + Math.floor((event.clientX - rect.left) / size);
    return j >= 0 && j < frame.units ? j : null;
  };

  const onKey = (event: KeyboardEvent<HTMLCanvasElement>) => {
    if (!frame) return;
    const moves: Record<string, number> = {
      ArrowRight: 1,
      ArrowLeft: -1,
      ArrowDown: columns,
      ArrowUp: -columns,
      Home: -frame.units,
      End: frame.units,
    };
    if (!(event.key in moves)) return;
    event.preventDefault();
    event.stopPropagation(); // arrows here move between tiles, not Step
    setFocused((j) => Math.max(0, Math.min(frame.units - 1, (j ?? -1) + moves[event.key] + (j === null && moves[event.key] < 0 ? 1 : 0))));
  };

  const unit = focused !== null && frame && focused < frame.units ? focused : null;
  const cell = (TILE + GAP) * scale;
  const shownView = frame?.view ?? settings.view;

  return (
    <section className="panel tiles-panel" aria-labelledby="tiles-title">
      <h2 id="tiles-title">What the first layer learns</h2>
      <TileControls settings={settings} paused={phase === 'paused'} />
      <figure className="tiles" aria-label="First-layer weights">
        <div className="tiles-wrap" ref={wrapper}>
          {frame ? (
            <canvas
              ref={canvas}
              role="img"
              tabIndex={0}
              data-tiles={frame.units}
              aria-label={`${frame.units} tiles, one per hidden unit of the first layer, showing ${VIEW_WORDS[shownView].description} as 28×28 images. Arrow keys name a tile.`}
              aria-describedby="tile-name"
              style={{ width: (columns * (TILE + GAP) - GAP) * scale }}
              onMouseMove={(e) => setFocused(tileAt(e))}
              onMouseLeave={() => setFocused(null)}
              onKeyDown={onKey}
              onBlur={() => setFocused(null)}
            />
          ) : (
            <p className="hint">Train, or use stored weights, to see the first layer&apos;s weights here.</p>
          )}
          {frame && unit !== null && (
            <span
              className="tile-focus"
              aria-hidden="true"
              style={{ left: (unit % columns) * cell, top: Math.floor(unit / columns) * cell, width: TILE * scale, height: TILE * scale }}
            />
          )}
        </div>
        {frame && (
          <>
            <p className="tile-name" id="tile-name" aria-live="polite">
              {unit !== null
                ? `Hidden unit ${unit + 1}: ${VIEW_WORDS[shownView].values} up to ±${frame.tileMax[unit].toPrecision(2)}`
                : `Point at or focus a tile to name its hidden unit (${frame.units} units).`}
            </p>
            <figcaption>
              <span className="legend">
                <span className="legend-end">−{(settings.scale === 'shared' ? frame.max : 1).toPrecision(2)}</span>
                <span className="legend-bar" aria-hidden="true" />
                <span className="legend-end">+{(settings.scale === 'shared' ? frame.max : 1).toPrecision(2)}</span>
              </span>{' '}
              {settings.scale === 'shared'
                ? `One colour scale for all tiles: negative blue, zero white, positive red, up to ±${frame.max.toPrecision(2)}.`
                : 'Each tile on its own scale (±1 = its own largest |value|): negative blue, zero white, positive red.'}
              {frame.view === 'gradient' &&
                frame.gradientSteps !== undefined &&
                frame.gradientSteps > 1 &&
                ` Summed over the last ${frame.gradientSteps} steps.`}
              {frame.note && <> {describeTileNote(frame.note)}</>}
            </figcaption>
          </>
        )}
      </figure>
      {tilesError && (
        <p className="error-inline" role="alert">
          {tilesError}
        </p>
      )}
      <p className="saturation">
        <strong>Saturated units</strong> (sigmoid output below 0.015 or above 0.985, tanh |a| &gt; 0.97, ReLU exactly 0: one rule, as in
        Layer health below) on the last batch:{' '}
        {frame?.saturation
          ? `layer 1: ${(frame.saturation[0] * 100).toFixed(1)}%, layer 2: ${(frame.saturation[1] * 100).toFixed(1)}%`
          : '– (measured during a run)'}
        . A saturated unit passes almost no gradient back; a learning rate far above the chapter&apos;s drives units there.
      </p>
    </section>
  );
}
