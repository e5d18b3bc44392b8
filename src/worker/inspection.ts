import * as tf from '@tensorflow/tfjs';
import { encode as encodePng } from 'fast-png';
import { toUnitFloats } from '../data/batches';
import type { MnistSplit } from '../data/sprites';
import { evaluate, galleryIndices, saturation, type Evaluation, type GallerySelection } from '../model/evaluate';
import { NUM_FEATURES, NUM_LABELS, readAndDispose, type Params } from '../model/network';
import type { Activation } from '../model/stepRule';
import { renderTiles } from '../model/tiles';
import type { LoopView } from '../model/driver';
import type { GalleryImage, TestSummary, TileNote, TileSettings, TilesFrame } from './protocol';

/**
 * Everything numeric the page shows about the current weights besides the loss: the test set's
 * accuracy and confusion (kept for the gallery), and pictures of the first layer with the
 * hidden layers' saturation. The page only draws what this computes.
 */
export class Inspector {
  private testImages: { backend: string; images: tf.Tensor2D } | null = null;
  private latest: { version: number; evaluation: Evaluation; summary: TestSummary } | null = null;
  private lastSaturation: [number, number] | null = null;
  /** W1 when the current run began (or the weights were loaded): the 'change' view's reference. */
  private startW1: Float32Array | null = null;
  settings: TileSettings = { view: 'weights', scale: 'shared', live: true };

  /** The test images as one tensor on the active backend (31 MB of floats), made once per backend. */
  private testTensor(test: MnistSplit): tf.Tensor2D {
    if (this.testImages?.backend !== tf.getBackend()) {
      this.releaseBackend();
      this.testImages = { backend: tf.getBackend(), images: tf.tensor2d(toUnitFloats(test.pixels), [test.count, NUM_FEATURES]) };
    }
    return this.testImages.images;
  }

  /** Places the test images on the active backend ahead of the first evaluation. */
  prepareTest(test: MnistSplit): void {
    this.testTensor(test);
  }

  /** Frees what lives on the active backend (before a backend switch). */
  releaseBackend(): void {
    this.testImages?.images.dispose();
    this.testImages = null;
  }

  /** Forgets everything tied to the previous weights (a new run, loaded weights). */
  resetFor(startW1: Float32Array | null): void {
    this.latest = null;
    this.lastSaturation = null;
    this.startW1 = startW1;
  }

  /**
   * Evaluates the 10,000 test images with these weights; `version` identifies them for the gallery.
   * A version of null (a race variant's weights, not the page's) is evaluated without being kept.
   */
  async evaluateTest(params: Params, activation: Activation, test: MnistSplit, version: number | null): Promise<TestSummary> {
    const start = performance.now();
    const evaluation = await evaluate(params, activation, this.testTensor(test), test.labels);
    const summary = {
      accuracy: evaluation.accuracy,
      confusion: Array.from(evaluation.confusion),
      seconds: (performance.now() - start) / 1000,
    };
    if (version !== null) this.latest = { version, evaluation, summary };
    return summary;
  }

  /** The summary of the last evaluation, if it was made with these weights. */
  summary(version: number): TestSummary | null {
    return this.latest?.version === version ? this.latest.summary : null;
  }

  /** The last evaluation, whatever weights made it: the one behind the confusion matrix on the page. */
  lastEvaluation(): Evaluation | null {
    return this.latest?.evaluation ?? null;
  }

  /** The images behind a selection, most confident first, as PNGs for <img> and bytes for the preview. */
  gallery(evaluation: Evaluation, test: MnistSplit, selection: GallerySelection): { images: GalleryImage[]; total: number } {
    const { indices, total } = galleryIndices(evaluation, selection);
    const images = indices.map((index): GalleryImage => {
      const pixels = test.pixels.slice(index * NUM_FEATURES, (index + 1) * NUM_FEATURES);
      const png = encodePng({ width: 28, height: 28, data: pixels, channels: 1, depth: 8 });
      return {
        index,
        actual: evaluation.labels[index],
        predicted: evaluation.predicted[index],
        probabilities: Array.from(evaluation.probabilities.subarray(index * NUM_LABELS, (index + 1) * NUM_LABELS)),
        pixels,
        png: new Blob([png as Uint8Array<ArrayBuffer>], { type: 'image/png' }),
      };
    });
    return { images, total };
  }

  /**
   * A picture of the first layer in the requested view. `loop` is the running loop's view (the
   * last batch and the last update), null outside a run; `paused` allows the gradient view.
   */
  async tiles(params: Params, activation: Activation, loop: LoopView | null, paused: boolean): Promise<TilesFrame> {
    const units = params.w1.shape[1];
    const w1 = await readAndDispose(tf.clone(params.w1));
    let values = w1;
    let note: TileNote | undefined;
    let gradientSteps: number | undefined;
    const { view, scale } = this.settings;
    if (view === 'change') {
      if (this.startW1 && this.startW1.length === w1.length) {
        values = w1.map((v, i) => v - this.startW1![i]);
      } else {
        note = 'no-start-weights';
      }
    } else if (view === 'gradient') {
      const last = paused ? loop?.lastW1Gradient() : null;
      if (last) {
        values = await readAndDispose(last.gradient);
        gradientSteps = last.steps;
      } else {
        note = paused ? 'no-step-yet' : 'gradient-needs-pause';
      }
    }
    const x = loop?.lastBatch() ?? null;
    if (x) {
      const shares = await readAndDispose(tf.tidy(() => saturation(params, x, activation)));
      x.dispose();
      this.lastSaturation = [shares[0], shares[1]];
    }
    const { rgba, tileMax, max } = renderTiles(values, units, scale);
    return { units, rgba, tileMax, max, view: note ? 'weights' : view, scale, gradientSteps, saturation: this.lastSaturation, note };
  }
}
