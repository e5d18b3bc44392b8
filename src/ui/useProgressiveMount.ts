import { startTransition, useEffect, useState } from 'react';

/**
 * Counts from 0 to `last`, one step per task after each commit. A recharts chart's first mount
 * runs its store, selectors and every element's code for the first time (about 300 ms in one task
 * on the 2-core test machine); mounting the axes, then the legend, the tooltip and the lines in
 * steps spreads that cost so that no single task holds the page.
 */
export function useProgressiveMount(last: number): number {
  const [step, setStep] = useState(0);
  useEffect(() => {
    if (step >= last) return;
    const timer = setTimeout(() => startTransition(() => setStep((s) => s + 1)), 0);
    return () => clearTimeout(timer);
  }, [step, last]);
  return step;
}
