import * as tf from '@tensorflow/tfjs';
import { toUnitFloats } from '../data/batches';
import type { GallerySelection } from '../model/evaluate';
import { fusedLogits, NUM_FEATURES, readAndDispose } from '../model/network';
import { ACTIVATIONS, type Activation } from '../model/stepRule';
import { checkWeights } from '../model/weightsCheck';
import { readWeightsFile, WeightsRuleError, writeWeightsFile } from '../model/weightsFile';
import type { ExportLayout, WeightsLayout } from '../model/weightsLayouts';
import type { WorkerContext } from './context';
import type { RequestFailure, RequestKind, TestSummary, WeightsPayload } from './protocol';
import { copyWeights, weightBuffers } from './weights';

/** Test images whose logits identify a network in an exported file: whoever loads it can compare. */
export const FINGERPRINT_IMAGES = [0, 1, 2];

/**
 * Requests about the current weights outside a run: the gallery behind a confusion cell, using a
 * stored run's weights, importing and exporting .safetensors. Failures never touch the weights.
 */
export class WeightsRequests {
  constructor(private readonly session: WorkerContext) {}

  private fail(requestId: number, request: RequestKind, failure: RequestFailure): void {
    this.session.post({ type: 'request-failed', requestId, request, failure });
  }

  /** The test images of one confusion cell (or every mistake), most confident first. */
  async gallery(requestId: number, selection: GallerySelection, dataUrl: string): Promise<void> {
    const { weights, inspector, prep } = this.session;
    if (!weights.exists) {
      this.session.post({ type: 'gallery', requestId, selection, images: [], total: 0 });
      return;
    }
    const { test } = await prep.loadData(dataUrl);
    await this.session.ensureBackend();
    // The images behind the matrix on the page: the last evaluation (during a run, the last epoch's).
    if (!inspector.lastEvaluation()) {
      const version = weights.version;
      await prep.exclusive(() => inspector.evaluateTest(weights.params()!, weights.activation, test, version));
    }
    const evaluation = inspector.lastEvaluation()!;
    const { images, total } = inspector.gallery(evaluation, test, selection);
    this.session.post(
      { type: 'gallery', requestId, selection, images, total },
      images.map((i) => i.pixels.buffer),
    );
  }

  /** Makes a stored run's weights current; with `evaluate`, also the test set's confusion under them. */
  async use(
    requestId: number,
    payload: WeightsPayload,
    activation: Activation,
    evaluate: boolean,
    dataUrl: string,
    imported: { metadata: Record<string, string>; activationFrom: 'file' | 'setting'; layout: WeightsLayout } | null = null,
  ): Promise<void> {
    const { weights, inspector, prep, predictions, views } = this.session;
    const request = imported ? 'import-weights' : 'use-weights';
    // The rules every source shares: broken, the request fails with the facts; the current weights stay.
    const problem = checkWeights(payload);
    if (problem) throw new WeightsRuleError(problem);
    if (this.session.runActive()) return this.fail(requestId, request, { kind: 'run-active' });
    weights.set(payload, activation);
    const version = weights.version;
    inspector.resetFor(payload.values.w1.slice());
    await this.session.ensureBackend();
    // Refreshes of what shows the weights: each logs its own failure; this request's answer does not depend on them.
    predictions.refresh().catch((error: unknown) => console.warn('Refreshing the prediction failed:', error));
    views.postTiles(null).catch((error: unknown) => console.warn('Redrawing the weight tiles failed:', error));
    let test: TestSummary | null = null;
    if (evaluate) {
      const { test: split } = await prep.loadData(dataUrl);
      // A run that started meanwhile owns the weights now: its own evaluations follow.
      if (weights.version !== version) return this.fail(requestId, request, { kind: 'superseded' });
      test = await prep.exclusive(() => inspector.evaluateTest(weights.params()!, activation, split, version));
    }
    const sent = imported ? copyWeights(payload) : null;
    this.session.post(
      {
        type: 'weights-ready',
        requestId,
        arch: payload.arch,
        test,
        imported: sent,
        metadata: imported?.metadata ?? {},
        activation,
        activationFrom: imported?.activationFrom ?? 'setting',
        layout: imported?.layout ?? null,
      },
      sent ? weightBuffers(sent) : [],
    );
  }

  /**
   * Reads a .safetensors file of the chapter's network in any layout the reader recognises (the
   * chapter's names, nn.Sequential, named modules, or by shape); a bad file is named and changes
   * nothing. The activation comes from the file's metadata key `activation` (this app writes it; a
   * Python user may too), else from the setting.
   */
  async importFile(requestId: number, bytes: ArrayBuffer, setting: Activation, dataUrl: string): Promise<void> {
    if (this.session.runActive()) return this.fail(requestId, 'import-weights', { kind: 'run-active' });
    // A bad file throws SafetensorsError, which the caller reports as the file's problem.
    const file = readWeightsFile(new Uint8Array(bytes));
    const written = file.metadata.get('activation');
    const fromFile = (ACTIVATIONS as readonly string[]).includes(written ?? '') ? (written as Activation) : null;
    const metadata = Object.fromEntries(file.metadata);
    await this.use(requestId, { arch: file.arch, values: file.values }, fromFile ?? setting, true, dataUrl, {
      metadata,
      activationFrom: fromFile ? 'file' : 'setting',
      layout: file.layout,
    });
  }

  /** The current weights in a layout (the chapter's names or nn.Sequential's), with the fingerprint logits of three test images. */
  async exportFile(requestId: number, layout: ExportLayout, metadata: Record<string, string>, dataUrl: string): Promise<void> {
    const { weights, prep } = this.session;
    const payload = weights.payload;
    if (!payload) return this.fail(requestId, 'export-weights', { kind: 'no-weights' });
    if (this.session.runActive()) return this.fail(requestId, 'export-weights', { kind: 'run-active' });
    const { test } = await prep.loadData(dataUrl);
    await this.session.ensureBackend();
    const logits = await prep.exclusive(async () => {
      const params = weights.params()!;
      const x = toUnitFloats(test.pixels, FINGERPRINT_IMAGES);
      return Array.from(
        await readAndDispose(
          tf.tidy(() => fusedLogits(params, tf.tensor2d(x, [FINGERPRINT_IMAGES.length, NUM_FEATURES]), weights.activation)),
        ),
      );
    });
    const rows = FINGERPRINT_IMAGES.map((_, i) => logits.slice(i * 10, i * 10 + 10));
    const bytes = writeWeightsFile(
      payload.values,
      payload.arch,
      {
        ...metadata,
        // The activation these weights are used with here (and the fingerprint computed with): the truth, whatever the page sent.
        activation: weights.activation,
        fingerprint_images: `MNIST test images ${FINGERPRINT_IMAGES.join(', ')} (labels ${FINGERPRINT_IMAGES.map((i) => test.labels[i]).join(', ')})`,
        fingerprint_logits: JSON.stringify(rows),
      },
      layout,
    );
    this.session.post({ type: 'weights-file', requestId, bytes: bytes.buffer }, [bytes.buffer]);
  }
}
