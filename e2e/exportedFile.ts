import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, test, type TrainerPage } from './fixtures';

const SCRIPTS = join(import.meta.dirname, '..', 'scripts');

/** Python with NumPy and safetensors: on a learner's machine without them the test says so and skips; CI installs them (.ci/run) and sets REQUIRE_PYTHON. */
export function requirePython() {
  let python = true;
  try {
    execFileSync('python3', ['-c', 'import numpy, safetensors'], { stdio: 'ignore' });
  } catch {
    python = false; // said by the skip below, or failed on by the expect when REQUIRE_PYTHON is set
  }
  test.skip(!python && !process.env.REQUIRE_PYTHON, 'python3 with numpy and safetensors is not installed (pip install numpy safetensors)');
  expect(python, 'python3 with numpy and safetensors (REQUIRE_PYTHON is set)').toBe(true);
}

/** What scripts/check-export.py reports of a weights file. */
export interface Checked {
  layout: string;
  activation: string;
  activationFrom: string;
  shapes: Record<string, number[]>;
  dtypes: string[];
  testAccuracy: number;
  fingerprintDifference: number | null;
  metadata: Record<string, string>;
}

/** NumPy's forward pass on the file (scripts/check-export.py), with this activation where the file does not say its own. */
export function checkExport(path: string, activation?: string): Checked {
  const args = [join(SCRIPTS, 'check-export.py'), path, ...(activation ? ['--activation', activation] : [])];
  return JSON.parse(execFileSync('python3', args, { encoding: 'utf8' })) as Checked;
}

/** Exports the current weights through the page's button (in this "File layout" option, if given); returns the file's path and name. */
export async function exportWeights(trainer: TrainerPage, layout?: string) {
  await trainer.openView('Runs');
  if (layout) await trainer.page.getByLabel('File layout').selectOption({ label: layout });
  const download = trainer.page.waitForEvent('download');
  await trainer.page.getByRole('button', { name: 'Export weights' }).click();
  const file = await download;
  const path = test.info().outputPath(file.suggestedFilename());
  await file.saveAs(path);
  return { path, name: file.suggestedFilename() };
}

/** A safetensors file of F32 tensors, written by hand (the format: an 8-byte header length, JSON, data). */
export function safetensors(tensors: { name: string; shape: number[]; data: Float32Array }[]): Buffer {
  const header: Record<string, unknown> = {};
  let offset = 0;
  for (const t of tensors) {
    header[t.name] = { dtype: 'F32', shape: t.shape, data_offsets: [offset, offset + t.data.byteLength] };
    offset += t.data.byteLength;
  }
  const json = Buffer.from(JSON.stringify(header).padEnd(Math.ceil(JSON.stringify(header).length / 8) * 8, ' '));
  const size = Buffer.alloc(8);
  size.writeUInt32LE(json.length, 0);
  return Buffer.concat([size, json, ...tensors.map((t) => Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength))]);
}
