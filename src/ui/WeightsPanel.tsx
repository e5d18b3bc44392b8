import { useState } from 'react';
import { useAppStore, isActive, selectPhase, selectWeightsMessage, selectWeightsOrigin, selectWeightsRequest } from '../store/appStore';

/** Five lines that load an exported file into the chapter's tensors (shown on the page and in the README). */
export const PYTHON_SNIPPET = `import torch
from safetensors.torch import load_file
t = load_file("mnist-mlp-100-50-2026-11-29.safetensors")
W_1, b_1, W_2, b_2, W_3, b_3 = (t[k].requires_grad_() for k in ("W_1", "b_1", "W_2", "b_2", "W_3", "b_3"))
print(W_1.shape, b_1.shape, W_2.shape, b_2.shape, W_3.shape, b_3.shape)`;

/** Carry weights to and from PyTorch: export and import .safetensors with the chapter's names and shapes. */
export function WeightsPanel() {
  const origin = useAppStore(selectWeightsOrigin);
  const request = useAppStore(selectWeightsRequest);
  const message = useAppStore(selectWeightsMessage);
  const phase = useAppStore(selectPhase);
  const exportWeights = useAppStore((s) => s.exportWeights);
  const importWeights = useAppStore((s) => s.importWeights);
  const [copied, setCopied] = useState(false);
  const running = isActive(phase);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(PYTHON_SNIPPET);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      setCopied(false); // clipboard refused (permissions): the text stays selectable
    }
  };

  return (
    <section className="panel weights-panel" aria-labelledby="weights-title">
      <h2 id="weights-title">Weights to and from PyTorch</h2>
      <p className="origin">{origin ? origin.text : 'No weights yet: train a run or import a file.'}</p>
      <p className="hint">
        Files are <code>.safetensors</code> with the chapter’s tensors <code>W_1</code> (H1, 784), <code>b_1</code> (1, H1),{' '}
        <code>W_2</code>, <code>b_2</code>, <code>W_3</code>, <code>b_3</code>.
      </p>
      <div className="buttons wrap">
        <button type="button" onClick={exportWeights} disabled={!origin || running || request !== null}>
          Export weights
        </button>
        <span className="file-input">
          <label htmlFor="import-weights">Import weights</label>
          <input
            id="import-weights"
            type="file"
            accept=".safetensors,application/octet-stream"
            disabled={running || request !== null}
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) void importWeights(file);
              e.target.value = ''; // the same file can be chosen again
            }}
          />
        </span>
      </div>
      {running && <p className="hint">Stop or finish the run to export or import weights.</p>}
      {request && (
        <p className="hint">
          {request.kind === 'export' ? 'Writing the file…' : 'Loading the weights and checking them on the 10,000 test images…'}
        </p>
      )}
      {message &&
        (message.tone === 'error' ? (
          <p className="error-text" role="alert">
            {message.text}
          </p>
        ) : (
          <p className="ok-text" role="status">
            {message.text}
          </p>
        ))}
      <div className="snippet">
        <div className="snippet-head">
          <span id="snippet-title">Load an exported file into the chapter’s tensors (Python):</span>
          <button type="button" onClick={() => void copy()} aria-describedby="snippet-title">
            {copied ? 'Copied' : 'Copy'}
          </button>
        </div>
        <pre tabIndex={0}>
          <code>{PYTHON_SNIPPET}</code>
        </pre>
      </div>
    </section>
  );
}
