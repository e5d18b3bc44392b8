import { startTransition, useEffect, useState, type ReactNode } from 'react';

/** The highest stage the page uses while it loads; a view opened later mounts at once. */
const LAST_STAGE = 2;
let loading = true;

/**
 * Mounts its children `stage` frames after the page's first paint, each stage in its own task, so
 * that loading never commits the whole page (the charts' SVG and measurements included) at once.
 * Once the page has loaded, a view opened by its link shows its panels in the same commit: their
 * data is already in the store, and one view's panels are cheap enough for one task.
 */
export function Staged({ stage, children, minHeight }: { stage: number; children: ReactNode; minHeight?: number }) {
  const [shown, setShown] = useState(!loading);
  useEffect(() => {
    if (shown) return;
    let cancelled = false;
    let frames = stage;
    const next = () => {
      if (cancelled) return;
      if (frames-- > 0) {
        requestAnimationFrame(() => setTimeout(next, 0));
        return;
      }
      if (stage >= LAST_STAGE) loading = false;
      startTransition(() => setShown(true));
    };
    next();
    return () => {
      cancelled = true;
    };
  }, [stage, shown]);
  return shown ? children : <div className="staged" style={{ minHeight }} aria-hidden="true" />;
}
