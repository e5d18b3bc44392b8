import type { StateCreator } from 'zustand';
import type { FromWorker, GalleryImage, PredictionResult } from '../worker/protocol';
import type { AppState } from './appStore';
import { nextRequestId } from './phase';

/** A test image from the gallery, shown in the prediction panel next to the drawing. */
export interface TestImageView {
  index: number;
  actual: number;
  predicted: number;
  probabilities: number[];
  /** 784 values in 0..1, as the network sees it. */
  input: Float32Array;
}

export interface DrawingSlice {
  prediction: PredictionResult | null;
  /** Numbers each drawing sent and each Clear: a prediction for an older drawing is dropped. */
  drawingId: number;
  /** A drawing was sent and its prediction has not arrived yet. */
  predictionPending: boolean;
  /** Why the last drawing got no prediction (the worker's failure, in words). */
  predictionError: string | null;
  testImage: TestImageView | null;
  /** What the bars show: the drawing's prediction or the chosen test image's. */
  subject: 'drawing' | 'test-image';
  predict(ink: Uint8Array, side: number): void;
  clearDrawing(): void;
  showTestImage(image: GalleryImage): void;
  closeTestImage(): void;
  /** The worker was replaced: its drawing and weights are gone. */
  predictionReset(): void;
  receivePrediction(message: Extract<FromWorker, { type: 'prediction' }>): void;
  /** The prediction request failed: the panel stops waiting and says why. */
  predictionFailed(requestId: number, text: string): void;
}

export const createDrawingSlice: StateCreator<AppState, [], [], DrawingSlice> = (set, get) => ({
  prediction: null,
  drawingId: 0,
  predictionPending: false,
  predictionError: null,
  testImage: null,
  subject: 'drawing',

  predict: (ink, side) => {
    const drawingId = nextRequestId();
    set({ drawingId, predictionPending: true, predictionError: null, subject: 'drawing' });
    get().send({ type: 'predict', requestId: drawingId, ink, side }, [ink.buffer]);
  },

  clearDrawing: () => {
    get().send({ type: 'clear-drawing' });
    set((s) => ({
      prediction: null,
      predictionPending: false,
      predictionError: null,
      drawingId: nextRequestId(), // an answer still on its way for the cleared drawing is dropped
      subject: s.testImage ? 'test-image' : 'drawing',
    }));
  },

  showTestImage: (image) =>
    set({
      testImage: {
        index: image.index,
        actual: image.actual,
        predicted: image.predicted,
        probabilities: image.probabilities,
        input: Float32Array.from(image.pixels, (v) => v / 255),
      },
      subject: 'test-image',
    }),

  closeTestImage: () => set({ testImage: null, subject: 'drawing' }),

  predictionReset: () => set({ prediction: null, predictionPending: false }),

  receivePrediction: (message) => {
    if (message.requestId === get().drawingId) set({ prediction: message.result, predictionPending: false, predictionError: null });
  },

  predictionFailed: (requestId, text) => {
    if (requestId === get().drawingId) set({ predictionPending: false, predictionError: text });
  },
});
