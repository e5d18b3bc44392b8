/** The IDX format of the original MNIST files: a big-endian header, then one byte per item. */

/** Magic numbers: 0x00000801 for label files, 0x00000803 for image files. */
export const IDX_LABELS_MAGIC = 2049;
export const IDX_IMAGES_MAGIC = 2051;

/** Thrown when a file is not what it claims; the message names the file and the problem. */
export class DataFileError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = 'DataFileError';
  }
}

/** Parses an IDX label file and checks its header against the expected count. */
export function parseIdxLabels(file: string, bytes: Uint8Array, expectedCount: number): Uint8Array {
  if (bytes.byteLength < 8) throw new DataFileError(file, `only ${bytes.byteLength} bytes: cut short (no IDX header)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0);
  if (magic !== IDX_LABELS_MAGIC)
    throw new DataFileError(file, `not an IDX label file (magic number ${magic}, expected ${IDX_LABELS_MAGIC})`);
  const count = view.getUint32(4);
  if (count !== expectedCount) throw new DataFileError(file, `header says ${count} labels, expected ${expectedCount}`);
  if (bytes.byteLength !== 8 + count) {
    throw new DataFileError(file, `${bytes.byteLength} bytes for ${count} labels (expected ${8 + count}): cut short or padded`);
  }
  const labels = bytes.subarray(8);
  const bad = labels.findIndex((l) => l > 9);
  if (bad >= 0) throw new DataFileError(file, `label ${bad} is ${labels[bad]}, not a digit`);
  return labels;
}

/** Parses an IDX image file of 28×28 images into one row of 784 bytes per image. */
export function parseIdxImages(file: string, bytes: Uint8Array): { count: number; pixels: Uint8Array } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 16 || view.getUint32(0) !== IDX_IMAGES_MAGIC) throw new DataFileError(file, 'not an IDX image file');
  const count = view.getUint32(4);
  if (view.getUint32(8) !== 28 || view.getUint32(12) !== 28 || bytes.byteLength !== 16 + count * 784) {
    throw new DataFileError(file, 'not 28×28 images of the size the header says');
  }
  return { count, pixels: bytes.subarray(16) };
}
