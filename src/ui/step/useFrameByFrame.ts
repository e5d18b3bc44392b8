import { startTransition, useEffect, useState } from 'react';

/**
 * Counts from 0 to `last`, one step per animation frame: each step's pictures are committed and
 * painted in a frame of their own, so that a stage full of canvases never makes one long frame
 * (useProgressiveMount steps per task, and the browser may run several tasks before it paints).
 */
export function useFrameByFrame(last: number): number {
  const [step, setStep] = useState(0);
  useEffect(() => {
    if (step >= last) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => startTransition(() => setStep((s) => s + 1)), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [step, last]);
  return step;
}
