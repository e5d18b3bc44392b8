import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DataFileError } from './idx';
import { readManifest } from './manifest';
import { loadManifest } from './sprites';

const text = readFileSync(join(import.meta.dirname, '../../public/data/manifest.json'), 'utf8');

/** The problem the manifest is refused for, after `damage` changed its parsed JSON. */
// The damage writes values of the wrong kinds on purpose: typed JSON would forbid exactly that.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function refusal(damage: (m: Record<string, any>) => void): string {
  const m = JSON.parse(text);
  damage(m);
  try {
    readManifest(JSON.stringify(m));
  } catch (error) {
    expect(error).toBeInstanceOf(DataFileError);
    expect((error as DataFileError).file).toBe('manifest.json');
    return (error as DataFileError).problem;
  }
  throw new Error('the damaged manifest was accepted');
}

describe('the data manifest, checked field by field', () => {
  it('reads the manifest scripts/make-sprites.mjs wrote, keeping only the fields it knows', () => {
    const manifest = readManifest(text);
    expect(manifest.splits.train.count).toBe(60000);
    expect(manifest.splits.test.images).toMatchObject({ file: 'mnist-test-images.png', width: 784, height: 10000 });
    expect(manifest.splits.test.labels.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect('source' in manifest).toBe(false);
  });

  it('names the field of each problem: files, sizes, counts, hashes', () => {
    expect(refusal((m) => delete m.splits.test)).toBe('splits.test is not an object');
    expect(refusal((m) => (m.splits = []))).toBe('splits is not an object');
    expect(refusal((m) => (m.version = 'one'))).toBe('version is not a whole number > 0');
    expect(refusal((m) => (m.splits.train.count = -5))).toBe('splits.train.count is not a whole number > 0');
    expect(refusal((m) => (m.splits.train.images.bytes = 1.5))).toBe('splits.train.images.bytes is not a whole number > 0');
    expect(refusal((m) => delete m.splits.test.labels.bytes)).toBe('splits.test.labels.bytes is not a whole number > 0');
    expect(refusal((m) => (m.splits.test.images.width = 28))).toBe('splits.test.images.width is not 784 (one digit per row)');
    expect(refusal((m) => (m.splits.test.images.height = 9999))).toBe(
      'splits.test.images.height is not the count, 10000 (one digit per row)',
    );
    expect(refusal((m) => (m.splits.test.labels.file = '../../secret'))).toBe('splits.test.labels.file is not a plain file name');
    expect(refusal((m) => (m.splits.train.images.file = 'https://elsewhere.example/x.png'))).toBe(
      'splits.train.images.file is not a plain file name',
    );
    expect(refusal((m) => (m.splits.test.labels.sha256 = 'abc'))).toBe(
      'splits.test.labels.sha256 is not a SHA-256 hash (64 lowercase hex digits)',
    );
    expect(refusal((m) => (m.splits.train.images.pixelsSha256 = 'Z'.repeat(64)))).toMatch(
      /^splits\.train\.images\.pixelsSha256 is not a SHA-256/,
    );
  });

  it('names text that is not JSON, or JSON that is not a manifest', () => {
    expect(() => readManifest('{"version": 1, ')).toThrow('manifest.json: is not valid JSON');
    expect(() => readManifest('[1, 2]')).toThrow('manifest.json: the manifest is not an object');
    expect(() => readManifest('null')).toThrow(DataFileError);
  });
});

describe('loadManifest: a damaged manifest is never kept', () => {
  const BASE = 'http://localhost/data/';
  const URL_KEY = `${BASE}manifest.json`;
  /** Cache Storage with one cache, as the worker sees it. */
  function fakeCaches(entries: Record<string, string>) {
    const cache = {
      match: vi.fn(async (url: string) => (url in entries ? new Response(entries[url]) : undefined)),
      put: vi.fn(async (url: string, response: Response) => void (entries[url] = await response.text())),
      delete: vi.fn(async (url: string) => delete entries[url]),
    };
    vi.stubGlobal('caches', { open: async () => cache, delete: vi.fn(async () => true) });
    return cache;
  }
  afterEach(() => vi.unstubAllGlobals());

  it('offline, a damaged cached copy is named, deleted, and thrown as a DataFileError (the worker then clears the data cache)', async () => {
    const damaged = JSON.parse(text);
    damaged.splits.train.count = 'many';
    const entries = { [URL_KEY]: JSON.stringify(damaged) };
    const cache = fakeCaches(entries);
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))),
    );
    const error = await loadManifest(BASE).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataFileError);
    expect((error as DataFileError).message).toBe(
      'manifest.json: (the cached copy) splits.train.count is not a whole number > 0; it was deleted',
    );
    expect(cache.delete).toHaveBeenCalledWith(URL_KEY);
    expect(URL_KEY in entries).toBe(false);
    // Next time, with the network still off, the page is told no copy is left.
    await expect(loadManifest(BASE)).rejects.toThrow('manifest.json: could not be downloaded and no copy is cached');
  });

  it('a damaged manifest from the server is refused and not cached; a good one is cached once checked', async () => {
    const entries: Record<string, string> = {};
    const cache = fakeCaches(entries);
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response('{"version": 1, "splits": {}}')),
    );
    await expect(loadManifest(BASE)).rejects.toThrow('manifest.json: splits.train is not an object');
    expect(cache.put).not.toHaveBeenCalled();
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(text)),
    );
    expect((await loadManifest(BASE)).splits.test.count).toBe(10000);
    expect(entries[URL_KEY]).toBe(text);
  });
});
