import { useState } from 'react';
import type { ExportLayout } from '../model/weightsLayouts';
import {
  useAppStore,
  isActive,
  selectConfig,
  selectPhase,
  selectWeightsMessage,
  selectWeightsOrigin,
  selectWeightsRequest,
} from '../store/appStore';
import { exportFileName, pythonSnippet } from '../store/weightsExport';

const selectExportLayout = (s: { exportLayout: ExportLayout }) => s.exportLayout;

const LAYOUT_OPTIONS: { value: ExportLayout; label: string }[] = [
  { value: 'chapter', label: 'the chapter’s names (W_1 … b_3)' },
  { value: 'sequential', label: 'nn.Sequential (0.weight … 4.bias)' },
];

/** Carry weights to and from PyTorch: export in the chapter's names or nn.Sequential's, import either and more. */
export function WeightsPanel() {
  const origin = useAppStore(selectWeightsOrigin);
  const request = useAppStore(selectWeightsRequest);
  const message = useAppStore(selectWeightsMessage);
  const phase = useAppStore(selectPhase);
  const config = useAppStore(selectConfig);
  const layout = useAppStore(selectExportLayout);
  const setExportLayout = useAppStore((s) => s.setExportLayout);
  const exportWeights = useAppStore((s) => s.exportWeights);
  const importWeights = useAppStore((s) => s.importWeights);
  const [copied, setCopied] = useState(false);
  const running = isActive(phase);
  // The model the snippet builds: the current weights' sizes and activation, else the settings'.
  const arch = origin?.arch ?? { hidden1: config.hidden1, hidden2: config.hidden2 };
  const activation = origin?.activation ?? config.activation;
  const snippet = pythonSnippet(layout, arch, activation, exportFileName(arch, layout));

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(snippet);
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
        Files are <code>.safetensors</code>: the chapter’s tensors <code>W_1</code> (H1, 784), <code>b_1</code> (1, H1), <code>W_2</code>,{' '}
        <code>b_2</code>, <code>W_3</code>, <code>b_3</code>, or an <code>nn.Sequential</code>’s <code>0.weight</code> (H1, 784),{' '}
        <code>0.bias</code> (H1), <code>2.weight</code> … <code>4.bias</code>. Import also reads modules such as <code>fc1</code>/
        <code>fc2</code>/<code>fc3</code>, or any six tensors whose shapes chain 784 → H1 → H2 → 10 one way only.
      </p>
      <div className="buttons wrap">
        <span className="file-input">
          <label htmlFor="export-layout">File layout</label>
          <select id="export-layout" value={layout} onChange={(e) => setExportLayout(e.target.value as ExportLayout)}>
            {LAYOUT_OPTIONS.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </span>
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
          <span id="snippet-title">
            Load the exported file into {layout === 'sequential' ? 'an nn.Sequential' : 'the chapter’s tensors'} (Python):
          </span>
          <button type="button" onClick={() => void copy()} aria-describedby="snippet-title">
            {copied ? 'Copied' : 'Copy'}
          </button>
        </div>
        <pre tabIndex={0}>
          <code>{snippet}</code>
        </pre>
      </div>
    </section>
  );
}
