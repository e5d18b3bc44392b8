import type { BackendName } from '../worker/protocol';
import type { BackendFigures, BenchMessage, BenchRequest } from './protocol';

/** The benchmark page: runs bench.worker.ts with settings from the URL and exposes the figures to the runner. */
const query = new URLSearchParams(location.search);
const list = (key: string, fallback: string) => (query.get(key) ?? fallback).split(',').filter(Boolean);
const request: BenchRequest = {
  backends: list('backends', 'webgpu,webgl,wasm,cpu') as BackendName[],
  batchSizes: list('batches', '32,128,512').map(Number),
  steps: Number(query.get('steps') ?? 300),
  repeats: Number(query.get('repeats') ?? 3),
  maxRepeatSeconds: Number(query.get('maxRepeatSeconds') ?? 20),
  gradients: list('gradients', 'manual,autodiff,fused') as BenchRequest['gradients'],
  dataUrl: new URL('data/', location.href).href,
};

const out = document.getElementById('log')!;
const results: BackendFigures[] = [];
const state = window as unknown as { benchResults?: { request: BenchRequest; results: BackendFigures[]; error?: string; done: boolean } };
state.benchResults = { request, results, done: false };

const worker = new Worker(new URL('./bench.worker.ts', import.meta.url), { type: 'module' });
worker.onmessage = (event: MessageEvent<BenchMessage>) => {
  const m = event.data;
  if (m.type === 'log') out.textContent += `${m.text}\n`;
  if (m.type === 'backend') {
    results.push(m.figures);
    if (!m.figures.available) out.textContent += `${m.figures.backend}: not available (${m.figures.reason})\n`;
  }
  if (m.type === 'error') state.benchResults!.error = m.message;
  if (m.type === 'done' || m.type === 'error') state.benchResults!.done = true;
};
worker.postMessage(request);
