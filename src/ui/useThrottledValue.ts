import { useEffect, useRef, useState } from 'react';

/**
 * The value, updated at most every `ms` milliseconds (the latest one always arrives). The live
 * loss curve changes ten times a second; redrawing its SVG four times a second looks the same
 * and leaves the main thread free.
 */
export function useThrottledValue<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  const last = useRef(0);
  useEffect(() => {
    const show = () => {
      last.current = performance.now();
      setShown(value);
    };
    const wait = last.current + ms - performance.now();
    if (wait <= 0) {
      show();
      return;
    }
    const timer = setTimeout(show, wait);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return shown;
}
