import { useAppStore, isActive, selectConfig, selectPhase, selectRunConfig } from '../store/appStore';
import { BACKEND_CHOICES } from '../store/settings';
import { nextRunText } from '../store/whatIfMessages';
import { BACKEND_LABELS, GRADIENT_MODES_LIST, type BackendChoice, type GradientMode } from '../worker/protocol';
import { SelectField } from './SelectField';

const GRADIENT_LABELS: Record<GradientMode, string> = {
  manual: 'Hand-derived (faster)',
  autodiff: "Autodiff (the chapter's loss.backward())",
  fused: 'Fused WGSL kernel (WebGPU only)',
};

const backendLabel = (b: BackendChoice) => (b === 'auto' ? 'Automatic (fastest here)' : BACKEND_LABELS[b]);
const BACKEND_OPTIONS = BACKEND_CHOICES.map((value) => ({ value, label: backendLabel(value) }));
const GRADIENT_OPTIONS = GRADIENT_MODES_LIST.map((value) => ({ value, label: GRADIENT_LABELS[value] }));

/** How the chapter's steps are computed: the backend and the gradients (the math stays the chapter's). */
export function EngineFields() {
  const config = useAppStore(selectConfig);
  const runConfig = useAppStore(selectRunConfig);
  const running = isActive(useAppStore(selectPhase));
  const setConfig = useAppStore((s) => s.setConfig);
  const changed = running && runConfig !== null;
  return (
    <div className="engine-fields">
      <SelectField
        label="Backend"
        value={config.backend}
        options={BACKEND_OPTIONS}
        onChange={(backend) => setConfig({ backend })}
        note={
          changed && config.backend !== runConfig.backend
            ? nextRunText(backendLabel(config.backend), backendLabel(runConfig.backend))
            : undefined
        }
      />
      <SelectField
        label="Gradients"
        value={config.gradients}
        options={GRADIENT_OPTIONS}
        onChange={(gradients) => setConfig({ gradients })}
        note={
          changed && config.gradients !== runConfig.gradients
            ? nextRunText(GRADIENT_LABELS[config.gradients], GRADIENT_LABELS[runConfig.gradients])
            : undefined
        }
      />
    </div>
  );
}
