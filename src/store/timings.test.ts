import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_CONFIG } from '../worker/protocol';
import { loadTimings, readTiming, saveTimings } from './timings';

const auto = { ...DEFAULT_CONFIG, backend: 'auto' as const };

describe('remembered backend timings', () => {
  const store = new Map<string, string>();
  let warn: ReturnType<typeof vi.spyOn>;
  beforeEach(() => {
    store.clear();
    vi.stubGlobal('localStorage', {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
    });
    warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    warn.mockRestore();
  });
  const remember = (value: unknown) => store.set([...store.keys()][0] ?? '', typeof value === 'string' ? value : JSON.stringify(value));

  it('gives back what was saved, for the same step shape only', () => {
    const timings = [
      { name: 'wasm' as const, msPerStep: 1.03 },
      { name: 'webgpu' as const, msPerStep: 0.4, path: 'fused' as const },
    ];
    saveTimings(auto, timings);
    expect(loadTimings(auto)).toEqual(timings);
    expect(loadTimings({ ...auto, hidden1: 32 })).toBeNull();
    expect(loadTimings({ ...auto, backend: 'wasm' })).toBeNull(); // a forced backend is not timed
    expect(warn).not.toHaveBeenCalled();
  });

  it('checks each entry: a known backend, tfjs or fused or no path, a finite time > 0', () => {
    expect(readTiming({ name: 'wasm', msPerStep: 2, extra: 1 }, 0)).toEqual({ name: 'wasm', msPerStep: 2 });
    expect(readTiming({ name: 'tpu', msPerStep: 2 }, 0)).toBe('entry 0 names the backend "tpu", not one of webgpu, webgl, wasm, cpu');
    expect(readTiming({ name: 'cpu', msPerStep: 0 }, 1)).toBe('entry 1 (cpu) has msPerStep 0, not a finite number > 0');
    expect(readTiming({ name: 'cpu', msPerStep: null }, 1)).toMatch(/msPerStep null, not a finite number > 0/);
    expect(readTiming({ name: 'webgpu', msPerStep: 1, path: 'wgsl' }, 2)).toBe('entry 2 (webgpu) has path "wgsl", not one of tfjs, fused');
    expect(readTiming('wasm', 3)).toBe('entry 3 is not an object');
  });

  it('ignores a malformed stored value with a warning that says why', () => {
    saveTimings(auto, [{ name: 'wasm', msPerStep: 1 }]);
    for (const [stored, reason] of [
      [
        [
          { name: 'wasm', msPerStep: 1 },
          { name: 'wasm', msPerStep: Number.NaN },
        ],
        /entry 1 \(wasm\) has msPerStep null/,
      ], // JSON turns NaN into null
      [[{ name: 'quantum', msPerStep: 1 }], /names the backend "quantum"/],
      [[{ name: 'wasm', msPerStep: 1, path: 7 }], /has path 7/],
      ['{not json', /are not JSON/],
      [{ wasm: 1 }, /not a list of timings/],
    ] as const) {
      warn.mockClear();
      remember(stored);
      expect(loadTimings(auto), String(reason)).toBeNull();
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0][0])).toMatch(reason);
    }
  });

  it('storage that refuses is said in a warning, not thrown', () => {
    vi.stubGlobal('localStorage', {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    });
    expect(loadTimings(auto)).toBeNull();
    saveTimings(auto, [{ name: 'wasm', msPerStep: 1 }]);
    expect(warn).toHaveBeenCalledTimes(2);
  });
});
