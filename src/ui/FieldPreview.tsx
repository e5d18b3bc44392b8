import { useEffect, useRef } from 'react';

/** The 28×28 image the network actually sees, enlarged with crisp pixels (white ink on black, as MNIST). */
export function FieldPreview({ input }: { input: Float32Array | null }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current!.getContext('2d')!;
    const image = ctx.createImageData(28, 28);
    for (let i = 0; i < 784; i++) {
      const v = Math.round(255 * (input?.[i] ?? 0));
      image.data.set([v, v, v, 255], i * 4);
    }
    ctx.putImageData(image, 0, 0);
  }, [input]);
  return (
    <figure className="field-preview">
      <canvas ref={ref} width={28} height={28} role="img" aria-label="What the network sees: the drawing as a 28 by 28 MNIST image" />
      <figcaption>What the network sees (28×28)</figcaption>
    </figure>
  );
}
