/**
 * The safetensors format (huggingface/safetensors README): bytes 0-7 a little-endian u64 N, then
 * N bytes of UTF-8 JSON (padded with spaces), then the tensors' bytes. Each header entry is
 * {"dtype", "shape", "data_offsets": [begin, end)} relative to the data section; "__metadata__"
 * maps strings to strings. Written here because no maintained browser package reads and writes
 * it (npm's `safetensors` is a single 0.0.1 release; @huggingface/hub only parses headers over
 * HTTP). The reader follows the reference implementation's checks (safetensors/src/tensor.rs),
 * never allocates more than the file's size, and treats header keys as plain names.
 */

/** Why a file was refused, in words a learner can act on. */
export class SafetensorsError extends Error {}

/** The largest header this app reads: ours are under 2 kB; a bigger one is not a weights file of this network. */
export const MAX_HEADER_BYTES = 1_000_000;

/** One tensor as stored: its dtype, shape, and a view of its bytes in the file (no copy). */
export interface StoredTensor {
  dtype: string;
  shape: number[];
  bytes: Uint8Array;
}

export interface SafetensorsFile {
  tensors: Map<string, StoredTensor>;
  metadata: Map<string, string>;
}

const DTYPE_SIZES: Record<string, number> = {
  BOOL: 1,
  U8: 1,
  I8: 1,
  F8_E5M2: 1,
  F8_E4M3: 1,
  I16: 2,
  U16: 2,
  F16: 2,
  BF16: 2,
  I32: 4,
  U32: 4,
  F32: 4,
  F64: 8,
  I64: 8,
  U64: 8,
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** Parses and checks a whole file; throws SafetensorsError naming the first problem found. */
export function readSafetensors(file: Uint8Array): SafetensorsFile {
  if (file.byteLength < 8) {
    throw new SafetensorsError(
      `it is ${file.byteLength} bytes long: too short to be a safetensors file (it starts with an 8-byte header length)`,
    );
  }
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const low = view.getUint32(0, true);
  const high = view.getUint32(4, true);
  const headerLength = high * 2 ** 32 + low;
  if (headerLength > file.byteLength - 8) {
    throw new SafetensorsError(
      `its header claims ${headerLength.toLocaleString('en-US')} bytes, more than the file holds (${file.byteLength.toLocaleString('en-US')} bytes): it is cut short or not a safetensors file`,
    );
  }
  if (headerLength > MAX_HEADER_BYTES) {
    throw new SafetensorsError(`its header is ${headerLength.toLocaleString('en-US')} bytes long, over the 1 MB this app reads`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(file.subarray(8, 8 + headerLength));
  } catch {
    throw new SafetensorsError('its header is not UTF-8 text: this is not a safetensors file');
  }
  if (!text.startsWith('{')) throw new SafetensorsError('its header is not a JSON object: this is not a safetensors file');
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch {
    throw new SafetensorsError('its header is not valid JSON: the file is damaged or not a safetensors file');
  }
  if (!isRecord(header)) throw new SafetensorsError('its header is not a JSON object: this is not a safetensors file');

  const dataStart = 8 + headerLength;
  const dataLength = file.byteLength - dataStart;
  const metadata = new Map<string, string>();
  const entries: { name: string; dtype: string; shape: number[]; begin: number; end: number }[] = [];
  // Object.entries yields own keys only: "__proto__" or "constructor" are just names here, and
  // everything goes into Maps, never onto an object's prototype chain.
  for (const [name, value] of Object.entries(header)) {
    if (name === '__metadata__') {
      if (!isRecord(value)) throw new SafetensorsError('its __metadata__ is not an object of strings');
      for (const [key, v] of Object.entries(value)) {
        if (typeof v !== 'string') throw new SafetensorsError(`its __metadata__ entry "${key}" is not a string`);
        metadata.set(key, v);
      }
      continue;
    }
    if (!isRecord(value)) throw new SafetensorsError(`its entry "${name}" is not a tensor description`);
    const { dtype, shape, data_offsets: offsets } = value;
    if (typeof dtype !== 'string' || !(dtype in DTYPE_SIZES))
      throw new SafetensorsError(`tensor "${name}" has an unknown dtype ${JSON.stringify(dtype)}`);
    if (!Array.isArray(shape) || !shape.every(isCount)) throw new SafetensorsError(`tensor "${name}" has an invalid shape`);
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount)) {
      throw new SafetensorsError(`tensor "${name}" has invalid data_offsets`);
    }
    const [begin, end] = offsets as [number, number];
    if (end < begin) throw new SafetensorsError(`tensor "${name}" ends (byte ${end}) before it begins (byte ${begin})`);
    if (end > dataLength) {
      throw new SafetensorsError(
        `tensor "${name}" lies outside the data (bytes ${begin}-${end} of ${dataLength}): the file is cut short or damaged`,
      );
    }
    let elements = 1;
    for (const d of shape as number[]) {
      elements *= d;
      if (!Number.isSafeInteger(elements)) throw new SafetensorsError(`tensor "${name}" has a shape too large to exist`);
    }
    if (elements * DTYPE_SIZES[dtype] !== end - begin) {
      throw new SafetensorsError(
        `tensor "${name}" has shape [${(shape as number[]).join(', ')}] of ${dtype} (${elements * DTYPE_SIZES[dtype]} bytes) but ${end - begin} bytes of data`,
      );
    }
    entries.push({ name, dtype, shape: shape as number[], begin, end });
  }

  // The reference reader's rule: sorted by offset, the tensors tile the data section exactly.
  entries.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let expected = 0;
  for (const e of entries) {
    if (e.begin < expected) throw new SafetensorsError(`tensor "${e.name}" overlaps the tensor before it`);
    if (e.begin > expected) throw new SafetensorsError(`there is a gap of ${e.begin - expected} bytes before tensor "${e.name}"`);
    expected = e.end;
  }
  if (expected !== dataLength) {
    throw new SafetensorsError(`the tensors cover ${expected} bytes but the data section has ${dataLength}: the file is damaged`);
  }
  const tensors = new Map<string, StoredTensor>();
  for (const e of entries) {
    tensors.set(e.name, { dtype: e.dtype, shape: e.shape, bytes: file.subarray(dataStart + e.begin, dataStart + e.end) });
  }
  return { tensors, metadata };
}

/** Little-endian float32 values of a stored F32 tensor (a copy: the file's bytes may be unaligned). */
export function float32Values(tensor: StoredTensor): Float32Array {
  const view = new DataView(tensor.bytes.buffer, tensor.bytes.byteOffset, tensor.bytes.byteLength);
  const out = new Float32Array(tensor.bytes.byteLength / 4);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}

/** A float32 tensor to write. */
export interface TensorToWrite {
  name: string;
  shape: number[];
  data: Float32Array;
}

/**
 * Writes a file as the reference writer does: __metadata__ first, tensors in name order (all F32,
 * so alignment does not reorder them), header padded with spaces to a multiple of 8 so that every
 * tensor starts 8-byte aligned in the file.
 */
export function writeSafetensors(tensors: TensorToWrite[], metadata: Record<string, string> = {}): Uint8Array<ArrayBuffer> {
  const sorted = [...tensors].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length) header.__metadata__ = metadata;
  let offset = 0;
  for (const t of sorted) {
    const elements = t.shape.reduce((a, b) => a * b, 1);
    if (elements !== t.data.length) throw new Error(`${t.name}: shape [${t.shape.join(', ')}] does not match ${t.data.length} values`);
    header[t.name] = { dtype: 'F32', shape: t.shape, data_offsets: [offset, offset + t.data.length * 4] };
    offset += t.data.length * 4;
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 8) * 8;
  if (padded !== json.length) {
    const withSpaces = new Uint8Array(padded).fill(0x20);
    withSpaces.set(json);
    json = withSpaces;
  }
  const out = new Uint8Array(8 + json.length + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, json.length, true);
  view.setUint32(4, 0, true);
  out.set(json, 8);
  let at = 8 + json.length;
  for (const t of sorted) {
    for (let i = 0; i < t.data.length; i++, at += 4) view.setFloat32(at, t.data[i], true);
  }
  return out;
}
