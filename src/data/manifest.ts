/**
 * The data manifest that scripts/make-sprites.mjs writes: each split's file names, sizes, counts
 * and SHA-256 hashes, which the worker checks every download against. It is read field by field:
 * a damaged or foreign manifest is a DataFileError naming the field, never a crash further on.
 */
import { DataFileError } from './idx';

export const MANIFEST_FILE = 'manifest.json';

/** One split: the sprite (one 784-pixel row per digit) and the IDX label file. */
export interface SplitManifest {
  count: number;
  images: { file: string; bytes: number; width: number; height: number; pixelsSha256: string };
  labels: { file: string; bytes: number; sha256: string };
}

export interface Manifest {
  version: number;
  splits: { train: SplitManifest; test: SplitManifest };
}

export type SplitName = keyof Manifest['splits'];

type Fields = Record<string, unknown>;

const problem = (field: string, expected: string): never => {
  throw new DataFileError(MANIFEST_FILE, `${field} is not ${expected}`);
};
const object = (v: unknown, field: string): Fields =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Fields) : problem(field, 'an object');
const positive = (v: unknown, field: string): number =>
  typeof v === 'number' && Number.isSafeInteger(v) && v > 0 ? v : problem(field, 'a whole number > 0');
// A plain file name next to the manifest: no path, no URL, nothing that leaves the data folder.
const fileName = (v: unknown, field: string): string =>
  typeof v === 'string' && /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/.test(v) ? v : problem(field, 'a plain file name');
const sha256 = (v: unknown, field: string): string =>
  typeof v === 'string' && /^[0-9a-f]{64}$/.test(v) ? v : problem(field, 'a SHA-256 hash (64 lowercase hex digits)');

function readSplit(v: unknown, split: SplitName): SplitManifest {
  const at = `splits.${split}`;
  const s = object(v, at);
  const images = object(s.images, `${at}.images`);
  const labels = object(s.labels, `${at}.labels`);
  const count = positive(s.count, `${at}.count`);
  if (images.width !== 784) problem(`${at}.images.width`, '784 (one digit per row)');
  if (images.height !== count) problem(`${at}.images.height`, `the count, ${count} (one digit per row)`);
  return {
    count,
    images: {
      file: fileName(images.file, `${at}.images.file`),
      bytes: positive(images.bytes, `${at}.images.bytes`),
      width: 784,
      height: count,
      pixelsSha256: sha256(images.pixelsSha256, `${at}.images.pixelsSha256`),
    },
    labels: {
      file: fileName(labels.file, `${at}.labels.file`),
      bytes: positive(labels.bytes, `${at}.labels.bytes`),
      sha256: sha256(labels.sha256, `${at}.labels.sha256`),
    },
  };
}

/** Parses and checks a manifest's text; every problem is a DataFileError naming the manifest and the field. */
export function readManifest(text: string): Manifest {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new DataFileError(MANIFEST_FILE, 'is not valid JSON'); // JSON.parse's own words name a position, not a field
  }
  const m = object(parsed, 'the manifest');
  const splits = object(m.splits, 'splits');
  return {
    version: positive(m.version, 'version'),
    splits: { train: readSplit(splits.train, 'train'), test: readSplit(splits.test, 'test') },
  };
}
