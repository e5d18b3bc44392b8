import { startTransition, useEffect, useState, type ReactNode } from 'react';

/**
 * Mounts its children `stage` frames after the page's first paint, each stage in its own task, so
 * that loading never commits the whole page (the charts' SVG and measurements included) at once.
 */
export function Staged({ stage, children, minHeight }: { stage: number; children: ReactNode; minHeight?: number }) {
  const [shown, setShown] = useState(false);
  useEffect(() => {
    let cancelled = false;
    let frames = stage;
    const next = () => {
      if (cancelled) return;
      if (frames-- > 0) {
        requestAnimationFrame(() => setTimeout(next, 0));
        return;
      }
      startTransition(() => setShown(true));
    };
    next();
    return () => {
      cancelled = true;
    };
  }, [stage]);
  return shown ? children : <div className="staged" style={{ minHeight }} aria-hidden="true" />;
}
