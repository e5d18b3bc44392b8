import * as tf from '@tensorflow/tfjs';
import type { GallerySelection } from '../model/evaluate';
import { fusedLogits, NUM_FEATURES } from '../model/network';
import { SafetensorsError } from '../model/safetensors';
import { checkWeights } from '../model/weightsCheck';
import { readWeightsFile, WeightsRuleError, writeWeightsFile } from '../model/weightsFile';
import type { FromWorker, TestSummary, WeightsPayload } from './protocol';
import type { TrainingSession } from './session';
import { copyWeights, weightBuffers } from './weights';

type Post = (message: FromWorker, transfer?: Transferable[]) => void;

/** Test images whose logits identify a network in an exported file: whoever loads it can compare. */
export const FINGERPRINT_IMAGES = [0, 1, 2];

/**
 * Requests about the current weights outside a run: the gallery behind a confusion cell, using a
 * stored run's weights, importing and exporting .safetensors. Failures never touch the weights.
 */
export class WeightsRequests {
  constructor(
    private readonly session: TrainingSession,
    private readonly post: Post,
  ) {}

  /** The test images of one confusion cell (or every mistake), most confident first. */
  async gallery(requestId: number, selection: GallerySelection, dataUrl: string): Promise<void> {
    const { weights, inspector, prep } = this.session;
    if (!weights.exists) {
      this.post({ type: 'gallery', requestId, selection, images: [], total: 0 });
      return;
    }
    const { test } = await prep.loadData(dataUrl);
    await this.session.ensureBackend();
    // The images behind the matrix on the page: the last evaluation (during a run, the last epoch's).
    if (!inspector.lastEvaluation()) {
      const version = weights.version;
      await prep.exclusive(() => inspector.evaluateTest(weights.params()!, test, version));
    }
    const evaluation = inspector.lastEvaluation()!;
    const { images, total } = inspector.gallery(evaluation, test, selection);
    this.post(
      { type: 'gallery', requestId, selection, images, total },
      images.map((i) => i.pixels.buffer),
    );
  }

  /** Makes a stored run's weights current; with `evaluate`, also the test set's confusion under them. */
  async use(
    requestId: number,
    payload: WeightsPayload,
    evaluate: boolean,
    dataUrl: string,
    metadata: Record<string, string> = {},
    imported = false,
  ): Promise<void> {
    // The rules every source shares: broken, the request is refused with the facts; the current weights stay.
    const problem = checkWeights(payload);
    if (problem) throw new WeightsRuleError(problem);
    const { weights, inspector, prep, predictions } = this.session;
    if (this.session.runActive) {
      this.post({ type: 'weights-rejected', requestId, message: 'A run is going: stop it first, then use other weights.' });
      return;
    }
    weights.set(payload);
    const version = weights.version;
    inspector.resetFor(payload.values.w1.slice());
    await this.session.ensureBackend();
    predictions.refresh().catch(() => undefined);
    this.session.postTiles().catch(() => undefined);
    let test: TestSummary | null = null;
    if (evaluate) {
      const { test: split } = await prep.loadData(dataUrl);
      // A run that started meanwhile owns the weights now: its own evaluations follow.
      if (weights.version !== version) {
        this.post({ type: 'weights-rejected', requestId, message: 'A run started: its own weights are in use.' });
        return;
      }
      test = await prep.exclusive(() => inspector.evaluateTest(weights.params()!, split, version));
    }
    const sent = imported ? copyWeights(payload) : null;
    this.post({ type: 'weights-ready', requestId, arch: payload.arch, test, imported: sent, metadata }, sent ? weightBuffers(sent) : []);
  }

  /** Reads a .safetensors file of the chapter's network; a bad file is named and changes nothing. */
  async importFile(requestId: number, bytes: ArrayBuffer, dataUrl: string): Promise<void> {
    if (this.session.runActive) {
      this.post({ type: 'weights-rejected', requestId, message: 'A run is going: stop it first, then import weights.' });
      return;
    }
    let file: ReturnType<typeof readWeightsFile>;
    try {
      file = readWeightsFile(new Uint8Array(bytes));
    } catch (error) {
      const reason = error instanceof SafetensorsError ? error.message : `it could not be read (${String(error)})`;
      this.post({ type: 'weights-rejected', requestId, message: `The file was not imported: ${reason}. The current weights stay.` });
      return;
    }
    await this.use(requestId, { arch: file.arch, values: file.values }, true, dataUrl, Object.fromEntries(file.metadata), true);
  }

  /** The current weights as the chapter's tensors, with the fingerprint logits of three test images. */
  async exportFile(requestId: number, metadata: Record<string, string>, dataUrl: string): Promise<void> {
    const { weights, prep } = this.session;
    const payload = weights.payload;
    if (!payload || this.session.runActive) {
      const message = payload
        ? 'A run is going: export its weights when it has ended.'
        : 'There are no weights to export yet: train first.';
      this.post({ type: 'weights-rejected', requestId, message });
      return;
    }
    const { test } = await prep.loadData(dataUrl);
    await this.session.ensureBackend();
    const logits = await prep.exclusive(async () => {
      const params = weights.params()!;
      const x = new Float32Array(FINGERPRINT_IMAGES.length * NUM_FEATURES);
      FINGERPRINT_IMAGES.forEach((image, i) => {
        for (let k = 0; k < NUM_FEATURES; k++) x[i * NUM_FEATURES + k] = test.pixels[image * NUM_FEATURES + k] / 255;
      });
      const out = tf.tidy(() => fusedLogits(params, tf.tensor2d(x, [FINGERPRINT_IMAGES.length, NUM_FEATURES])));
      try {
        return Array.from(await out.data());
      } finally {
        out.dispose();
      }
    });
    const rows = FINGERPRINT_IMAGES.map((_, i) => logits.slice(i * 10, i * 10 + 10));
    const bytes = writeWeightsFile(payload.values, payload.arch, {
      ...metadata,
      fingerprint_images: `MNIST test images ${FINGERPRINT_IMAGES.join(', ')} (labels ${FINGERPRINT_IMAGES.map((i) => test.labels[i]).join(', ')})`,
      fingerprint_logits: JSON.stringify(rows),
    });
    this.post({ type: 'weights-file', requestId, bytes: bytes.buffer }, [bytes.buffer]);
  }
}
