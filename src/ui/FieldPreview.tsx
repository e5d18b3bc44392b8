import { useEffect, useRef } from 'react';

interface Props {
  input: Float32Array | null;
  /** The accessible name and the visible caption. */
  label: string;
  caption: string;
}

/** A 28×28 image as the network sees it, enlarged with crisp pixels (white ink on black, as MNIST). */
export function FieldPreview({ input, label, caption }: Props) {
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
      <canvas ref={ref} width={28} height={28} role="img" aria-label={label} />
      <figcaption>{caption}</figcaption>
    </figure>
  );
}
