import { decode as decodePng } from 'fast-png';
import { DataFileError, parseIdxLabels } from './idx';
import { MANIFEST_FILE, readManifest, type Manifest, type SplitName } from './manifest';

export type { Manifest, SplitManifest, SplitName } from './manifest';

/** One split of MNIST in memory: `count` rows of 784 bytes (0-255) and one label per row. */
export interface MnistSplit {
  count: number;
  pixels: Uint8Array;
  labels: Uint8Array;
}

/** Both splits of MNIST, verified. */
export interface MnistData {
  train: MnistSplit;
  test: MnistSplit;
}

/** Download progress of one file, in bytes. `cached` means it came from Cache Storage. */
export interface FileProgress {
  file: string;
  loaded: number;
  total: number;
  cached: boolean;
}

const CACHE_NAME = 'mnist-sprites-v1';

async function openCache(): Promise<Cache | null> {
  if (typeof caches === 'undefined') return null; // not a secure context: work uncached, as before
  try {
    return await caches.open(CACHE_NAME);
  } catch (error) {
    console.warn(`The data cache could not be opened (${String(error)}): the data is downloaded on every visit.`);
    return null;
  }
}

/** Puts a verified file in the cache; a failure costs only a download next time. */
function keepInCache(cache: Cache | null, url: string, body: BodyInit): Promise<void> {
  return (
    cache?.put(url, new Response(body)).catch((error: unknown) => {
      console.warn(`${url} was not cached (${String(error)}): it is downloaded again next time.`);
    }) ?? Promise.resolve()
  );
}

async function sha256(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

async function readBody(file: string, response: Response, total: number, onProgress: (p: FileProgress) => void): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const out = new Uint8Array(total);
  const reader = response.body.getReader();
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (loaded + value.byteLength > total) {
      await reader.cancel();
      throw new DataFileError(file, `larger than the ${total} bytes the manifest gives`);
    }
    out.set(value, loaded);
    loaded += value.byteLength;
    onProgress({ file, loaded, total, cached: false });
  }
  if (loaded !== total) throw new DataFileError(file, `cut short: ${loaded} of ${total} bytes arrived`);
  return out;
}

/**
 * Fetches one data file of known size, from Cache Storage when it is there (second visits and
 * offline), else from our own origin, with progress. `keep()` puts a download in the cache: called
 * only once the file has been verified, so that a damaged download is never kept.
 */
async function fetchDataFile(baseUrl: string, file: string, total: number, version: string, onProgress: (p: FileProgress) => void) {
  const url = new URL(`${file}?v=${version}`, baseUrl).href;
  const cache = await openCache();
  const hit = await cache?.match(url);
  if (hit) {
    const bytes = new Uint8Array(await hit.arrayBuffer());
    if (bytes.byteLength === total) {
      onProgress({ file, loaded: total, total, cached: true });
      return { bytes, keep: () => Promise.resolve() };
    }
    await cache?.delete(url); // a stale or damaged entry: fetch it again
  }
  let response: Response;
  try {
    response = await fetch(url);
  } catch {
    throw new DataFileError(file, 'could not be downloaded: the network or the server is unreachable');
  }
  if (!response.ok) throw new DataFileError(file, `the server answered ${response.status} ${response.statusText}`.trim());
  const bytes = await readBody(file, response, total, onProgress);
  return { bytes, keep: () => keepInCache(cache, url, bytes as Uint8Array<ArrayBuffer>) };
}

/**
 * The manifest, from the network when it answers, else the copy cached by an earlier visit. It is
 * checked completely before use (readManifest) and cached only once checked; a damaged cached copy
 * is deleted, and the DataFileError that names it makes the worker clear the whole data cache.
 */
export async function loadManifest(baseUrl: string): Promise<Manifest> {
  const url = new URL(MANIFEST_FILE, baseUrl).href;
  const cache = await openCache();
  let unreachable: string;
  try {
    const response = await fetch(url, { cache: 'no-cache' });
    if (response.ok) {
      const text = await response.text();
      const manifest = readManifest(text);
      await keepInCache(cache, url, text);
      return manifest;
    }
    unreachable = `the server answered ${response.status} ${response.statusText}`.trim();
  } catch (error) {
    if (error instanceof DataFileError) throw error;
    unreachable = 'could not be downloaded'; // offline, or the server is down: the cached copy serves
  }
  const cached = await cache?.match(url);
  if (!cached) throw new DataFileError(MANIFEST_FILE, `${unreachable} and no copy is cached`);
  try {
    return readManifest(await cached.text());
  } catch (error) {
    const deleted = await cache?.delete(url).catch((e: unknown) => {
      console.warn(`The damaged cached ${MANIFEST_FILE} could not be deleted (${String(e)}).`);
      return false;
    });
    if (error instanceof DataFileError)
      throw new DataFileError(MANIFEST_FILE, `(the cached copy) ${error.problem}${deleted ? '; it was deleted' : ''}`);
    throw error;
  }
}

/**
 * Decodes the sprite to its grey bytes with fast-png, in this worker. The browser's own decoder
 * (createImageBitmap, then getImageData through a canvas in 5,000-row chunks) took 2.8 s for the
 * training sprite on the 2-core machine; fast-png's inflate and unfiltering take about 0.6 s,
 * never pass through colour management, and give the IDX bytes exactly (the hash below checks).
 */
function decodeSprite(file: string, png: Uint8Array, width: number, height: number): Uint8Array {
  let image: ReturnType<typeof decodePng>;
  try {
    image = decodePng(png);
  } catch {
    throw new DataFileError(file, 'is not a decodable PNG image (corrupt or cut short)');
  }
  if (image.width !== width || image.height !== height) {
    throw new DataFileError(file, `is ${image.width}×${image.height} pixels, expected ${width}×${height}`);
  }
  if (image.channels !== 1 || image.depth !== 8 || !(image.data instanceof Uint8Array)) {
    throw new DataFileError(file, `is not an 8-bit greyscale PNG (${image.channels} channels, ${image.depth}-bit)`);
  }
  return image.data;
}

/** The stages of loading a split after its download, for the page's status (and tests that hold one). */
export type LoadStage = 'decoding' | 'verifying';

/**
 * Downloads (or takes from cache), decodes and verifies one split. The decoded pixels must hash to
 * what the build step hashed from the IDX file, so a wrong or damaged sprite never trains a model.
 * `onStage` is awaited as each stage begins.
 */
export async function loadSplit(
  baseUrl: string,
  manifest: Manifest,
  split: SplitName,
  onProgress: (p: FileProgress) => void,
  onStage: (stage: LoadStage) => void | Promise<void> = () => undefined,
): Promise<MnistSplit> {
  const info = manifest.splits[split];
  const [image, label] = await Promise.all([
    fetchDataFile(baseUrl, info.images.file, info.images.bytes, info.images.pixelsSha256.slice(0, 12), onProgress),
    fetchDataFile(baseUrl, info.labels.file, info.labels.bytes, info.labels.sha256.slice(0, 12), onProgress),
  ]);
  const [png, labelBytes] = [image.bytes, label.bytes];
  await onStage('decoding');
  const pixels = decodeSprite(info.images.file, png, info.images.width, info.images.height);
  await onStage('verifying');
  const labels = parseIdxLabels(info.labels.file, labelBytes, info.count);
  if ((await sha256(labelBytes)) !== info.labels.sha256)
    throw new DataFileError(info.labels.file, 'content differs from the manifest (hash mismatch)');
  if ((await sha256(pixels)) !== info.images.pixelsSha256) {
    throw new DataFileError(info.images.file, 'decoded pixels differ from the original MNIST bytes (hash mismatch)');
  }
  await Promise.all([image.keep(), label.keep()]);
  return { count: info.count, pixels, labels };
}

/** Drops the cached data, e.g. after a hash mismatch, so that Retry downloads it afresh. */
export async function clearDataCache(): Promise<void> {
  if (typeof caches === 'undefined') return;
  await caches.delete(CACHE_NAME).catch((error: unknown) => {
    console.warn(`The data cache could not be cleared (${String(error)}): a damaged file there is caught again by its hash.`);
  });
}
