import { useEffect, useRef, type PointerEvent } from 'react';

/** CSS size of the pad; MNIST-like strokes are about 8% of it (≈ 2 pixels of the 28×28 field). */
export const PAD_CSS_SIZE = 280;
const BRUSH_FRACTION = 22 / 280;
const PREDICT_WHILE_DRAWING_MS = 200;

interface Props {
  /** Called with the ink (one byte per backing pixel, 255 = full ink) after strokes. */
  onInk(ink: Uint8Array, side: number): void;
  onClear(): void;
}

/** A square canvas for mouse, touch and pen, crisp on high-DPI screens. */
export function DrawingPad({ onInk, onClear }: Props) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const drawing = useRef(false);
  const last = useRef<{ x: number; y: number } | null>(null);
  const lastSent = useRef(0);

  useEffect(() => {
    const canvas = canvasRef.current!;
    const side = Math.round(PAD_CSS_SIZE * Math.min(2, window.devicePixelRatio || 1));
    canvas.width = side;
    canvas.height = side;
  }, []);

  const context = () => {
    const ctx = canvasRef.current!.getContext('2d', { willReadFrequently: true })!;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.strokeStyle = '#111';
    ctx.fillStyle = '#111';
    ctx.lineWidth = canvasRef.current!.width * BRUSH_FRACTION;
    return ctx;
  };

  const point = (event: PointerEvent<HTMLCanvasElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    const scale = event.currentTarget.width / rect.width;
    return { x: (event.clientX - rect.left) * scale, y: (event.clientY - rect.top) * scale };
  };

  const sendInk = () => {
    const canvas = canvasRef.current!;
    const rgba = context().getImageData(0, 0, canvas.width, canvas.height).data;
    const ink = new Uint8Array(canvas.width * canvas.height);
    for (let i = 0; i < ink.length; i++) ink[i] = rgba[i * 4 + 3];
    lastSent.current = performance.now();
    onInk(ink, canvas.width);
  };

  const down = (event: PointerEvent<HTMLCanvasElement>) => {
    event.currentTarget.setPointerCapture(event.pointerId);
    drawing.current = true;
    const p = point(event);
    const ctx = context();
    ctx.beginPath();
    ctx.arc(p.x, p.y, ctx.lineWidth / 2, 0, Math.PI * 2);
    ctx.fill();
    last.current = p;
  };

  const move = (event: PointerEvent<HTMLCanvasElement>) => {
    if (!drawing.current || !last.current) return;
    const p = point(event);
    const ctx = context();
    ctx.beginPath();
    ctx.moveTo(last.current.x, last.current.y);
    ctx.lineTo(p.x, p.y);
    ctx.stroke();
    last.current = p;
    if (performance.now() - lastSent.current > PREDICT_WHILE_DRAWING_MS) sendInk();
  };

  const up = () => {
    if (!drawing.current) return;
    drawing.current = false;
    last.current = null;
    sendInk();
  };

  const clear = () => {
    const canvas = canvasRef.current!;
    context().clearRect(0, 0, canvas.width, canvas.height);
    onClear();
  };

  return (
    <div className="pad">
      <canvas
        ref={canvasRef}
        role="img"
        aria-label="Drawing pad"
        style={{ width: PAD_CSS_SIZE, height: PAD_CSS_SIZE }}
        onPointerDown={down}
        onPointerMove={move}
        onPointerUp={up}
        onPointerCancel={up}
      />
      <button type="button" onClick={clear}>
        Clear
      </button>
    </div>
  );
}
