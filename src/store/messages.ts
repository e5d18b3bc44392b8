/**
 * The page's words: the worker and the model report facts (a failure kind, a file and its problem,
 * a backend, numbers); this module turns them into the sentences the page shows. One place to read,
 * test and reword them (src/store/messages.test.ts).
 */
import {
  BACKEND_LABELS,
  type Divergence,
  type RequestFailure,
  type RequestKind,
  type RunFailure,
  type SkipReason,
  type StepNote,
  type TileNote,
} from '../worker/protocol';
import type { TensorName, WeightsProblem } from '../model/weightsCheck';
import { layoutProblemText } from './layoutMessages';
import type { RecordProblem } from './runRecord';
import { formatSetting } from './settings';

// --- Weights and stored runs -------------------------------------------------------------------

const count = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

/** A file's own names for the chapter's tensors, when its layout is not the chapter's. */
type FileNames = Partial<Record<TensorName, string>> | undefined;

/** "tensor b_1", or "tensor b_1 (0.bias in the file)" for a file that names it otherwise. */
const tensorText = (tensor: TensorName, names: FileNames) =>
  names?.[tensor] && names[tensor] !== tensor ? `tensor ${tensor} (${names[tensor]} in the file)` : `tensor ${tensor}`;

function partName(part: Extract<WeightsProblem, { rule: 'malformed' }>['part'], names: FileNames): string {
  if (part === 'architecture' || part === 'values') return `the ${part}`;
  if (part === 'H1' || part === 'H2') return `hidden size ${part}`;
  return tensorText(part, names);
}

/**
 * The words for a broken weights rule, as a clause ("tensor W_1 holds 1 NaN or infinite value"):
 * the same whether the weights came from a file, IndexedDB, memory or the worker. `names`: a
 * file's own names for the chapter's tensors (nn.Sequential's, say), added in brackets.
 */
export function weightsProblemText(problem: WeightsProblem, names?: FileNames): string {
  switch (problem.rule) {
    case 'hidden-size':
      return Number.isInteger(problem.size)
        ? `hidden size ${problem.layer} is ${problem.size}; this app takes 1 to ${problem.max}`
        : `hidden size ${problem.layer} is ${problem.size}, not a whole number from 1 to ${problem.max}`;
    case 'malformed':
      return `${partName(problem.part, names)} is ${problem.found}, not ${problem.expected}`;
    case 'missing':
      return `${tensorText(problem.tensor, names)} is missing`;
    case 'size':
      return `${tensorText(problem.tensor, names)} holds ${count(problem.actual, 'value')}; its hidden sizes imply ${problem.expected.toLocaleString('en-GB')}`;
    case 'not-finite':
      return `${tensorText(problem.tensor, names)} holds ${count(problem.count, 'NaN or infinite value')}`;
  }
}

/** The words for a stored record that was not used, as a clause (for a warning, or inside a sentence). */
export function recordProblemText(problem: RecordProblem): string {
  switch (problem.rule) {
    case 'field':
      return `${problem.field} is ${problem.found}, expected ${problem.expected}`;
    case 'schema':
      return `its schema version is ${problem.found}; this app reads versions 1 to ${problem.newest}`;
    case 'weights':
      return weightsProblemText(problem.problem);
  }
}

/** Stored runs skipped on listing; the reasons go to the console, one warning each. */
export function skippedRunsText(skipped: number): string {
  return `${count(skipped, 'stored run')} could not be read (damaged or from another version) and ${skipped === 1 ? 'was' : 'were'} skipped.`;
}

/** A stored run's weights broke a rule or could not be read: nothing changed. `when` is the run's date as listed. */
export function storedWeightsRefusedText(when: string, problem: RecordProblem): string {
  return `The stored weights of the run of ${when} were not used: ${recordProblemText(problem)}. The current weights stay.`;
}

export function storedWeightsMissingText(when: string): string {
  return `The weights of the run of ${when} are not stored (deleted, or never saved); the current weights stay.`;
}

export function storedWeightsUnreadableText(when: string, reason: string): string {
  return `The weights of the run of ${when} could not be read (${reason}); the current weights stay.`;
}

/** A file chosen for Import weights could not even be read by the browser. */
export function fileUnreadableText(name: string, reason: string): string {
  return `${name} could not be read: ${reason}`;
}

export const RUN_GOING_TEXT = 'A run is going: stop it first, then use other weights.';

export function savedFileText(name: string, bytes: number): string {
  return `Saved ${name} (${(bytes / 1024).toFixed(0)} kB).`;
}

export function runNotSavedText(reason: string): string {
  return `This run was not saved: ${reason}`;
}

export function runsNotDeletedText(all: boolean, reason: string): string {
  return `The run${all ? 's' : ''} could not be deleted: ${reason}`;
}

export function runsNotListedText(reason: string): string {
  return `Stored runs could not be listed: ${reason}.`;
}

export function historyClosedText(reason: string): string {
  return `Runs are no longer saved: ${reason}.`;
}

// --- Runs: failures, divergence, backends --------------------------------------------------------

const errorHint = {
  retry: 'Check the connection to this site, then click Retry.',
  otherBackend: 'Click Train again: the next run uses another backend.',
  noBackend: 'Try another browser, or force a backend with ?backend=wasm.',
  again: 'Click Train to try again; if it fails again, choose another backend.',
};

/** A run's failure: what happened, and what the user can do. */
export function describeRunFailure(failure: RunFailure): { message: string; hint: string } {
  switch (failure.kind) {
    case 'data':
      return { message: `Could not load the MNIST data: ${failure.file} ${failure.problem}.`, hint: errorHint.retry };
    case 'device-lost':
      return { message: `The GPU device was lost during training (${failure.reason}).`, hint: errorHint.otherBackend };
    case 'no-backend':
      return {
        message: `No TF.js backend could start: ${failure.skipped.map((s) => `${BACKEND_LABELS[s.name]}: ${describeSkip(s.reason)}`).join('; ')}.`,
        hint: errorHint.noBackend,
      };
    case 'escaped':
      return { message: `Training failed: ${failure.detail}`, hint: 'Click Train to run again.' };
    case 'race-active':
      return { message: 'A race is going: a run starts once it has ended.', hint: 'Stop the race, or wait for it, then click Train.' };
    case 'no-full-batch':
      return {
        message: `${failure.samples} training samples make no full batch of ${failure.batchSize}.`,
        hint: 'Lower the batch size or raise the training samples, then click Train.',
      };
    case 'internal':
      return {
        message: failure.backend
          ? `Training failed on ${BACKEND_LABELS[failure.backend]}: ${failure.detail}`
          : `Training failed: ${failure.detail}`,
        hint: errorHint.again,
      };
  }
}

/** A run whose loss overflowed: where, why, and what to change. */
export function describeDivergence(d: Divergence): { message: string; hint: string } {
  return {
    message: `The loss became ${d.loss} in epoch ${d.epoch + 1}, by batch ${d.batch}: with learning rate ${formatSetting(d.learningRate)} the updates overflow the chapter's naive softmax (exp of huge logits). Training stopped; the last weights with a finite loss are kept for the drawing pad.`,
    hint: 'Lower the learning rate (the chapter uses 0.1; up to about 10 learns fast) and click Train.',
  };
}

/** Why a backend was not used, after "WebGPU not used: ". */
export function describeSkip(reason: SkipReason): string {
  switch (reason.why) {
    case 'failed-earlier':
      return 'it failed earlier in this session';
    case 'no-webgpu':
      return 'this browser has no WebGPU (navigator.gpu is missing)';
    case 'no-adapter':
      return 'the browser offers no WebGPU adapter (GPU blocked or absent)';
    case 'software-adapter':
      return `the adapter is a software fallback (${reason.adapter}): far slower than the CPU backends`;
    case 'software-renderer':
      return `the renderer is software (${reason.renderer}): slower than Wasm`;
    case 'timeout':
      return `it did not start within ${reason.seconds} s`;
    case 'would-not-start':
      return `it would not start here (${reason.detail})`;
    case 'timing-failed':
      return `it failed while timing a step: ${reason.detail}`;
    case 'slower':
      return `slower: ${reason.msPerStep.toFixed(1)} ms per step`;
  }
}

/** How the steps run, when the fused kernel was chosen or declined. */
export function describeStepNote(note: StepNote): string {
  if (note.kind === 'fused-declined') {
    const where = `on ${BACKEND_LABELS[note.backend]}`;
    switch (note.reason) {
      case 'needs-webgpu':
        return `The fused WGSL kernel needs WebGPU: this run uses hand-derived gradients ${where}.`;
      case 'optimizer':
        return `The fused WGSL kernel runs plain SGD only: this run uses hand-derived gradients with ${note.optimizer === 'adam' ? 'Adam' : 'momentum 0.9'} ${where}.`;
      case 'weight-decay':
        return `The fused WGSL kernel has no weight decay: this run uses hand-derived gradients with decay ${formatSetting(note.weightDecay)} ${where}.`;
    }
  }
  const spread =
    note.kernel === 'multi'
      ? 'five dispatches per step spread over all compute units (batch × H1 ≥ 16,384)'
      : 'one workgroup running many steps per dispatch';
  return `${note.chosenBy === 'setting' ? 'The' : 'Timed faster here than TF.js kernels: the'} whole SGD step runs as fused WGSL, ${spread}.`;
}

/** Why the weight tiles show the weights instead of the requested view. */
export function describeTileNote(note: TileNote): string {
  return {
    'no-start-weights': 'No starting weights to compare with: showing the weights.',
    'no-step-yet': 'No step has run yet: showing the weights.',
    'gradient-needs-pause': 'The gradient is shown while a run is paused: showing the weights.',
  }[note];
}

const REQUEST_WHAT: Record<RequestKind, string> = {
  predict: 'Classifying the drawing',
  gallery: 'Collecting the images',
  tiles: 'Drawing the weight tiles',
  'use-weights': 'Loading the weights',
  'import-weights': 'Importing the file',
  'export-weights': 'Exporting the weights',
  explain: 'Explaining the step',
  'find-lr': 'Finding a learning rate',
  'share-data': 'Handing the data to the race workers',
};

/** A request that failed: what did not happen, why, and that nothing else changed. */
export function describeRequestFailure(request: RequestKind, failure: RequestFailure): string {
  const keeps = request === 'use-weights' || request === 'import-weights' ? ' The current weights stay.' : '';
  const what = REQUEST_WHAT[request];
  switch (failure.kind) {
    case 'run-not-paused':
      return 'A run is going: pause it first, then explain its next step.';
    case 'no-drawing':
      return 'The pad is empty: draw a digit first, then explain it.';
    case 'run-active':
      if (request === 'find-lr') return 'A run is going: the learning-rate test runs between runs. Stop it first.';
      return request === 'export-weights'
        ? 'A run is going: export its weights when it has ended.'
        : `A run is going: stop it first, then ${request === 'import-weights' ? 'import' : 'use other'} weights.`;
    case 'no-weights':
      return request === 'export-weights' ? 'There are no weights to export yet: train first.' : `${what} needs weights: train first.`;
    case 'superseded':
      return 'A run started: its own weights are in use.';
    case 'bad-file':
      return `The file was not imported: ${failure.problem}.${keeps}`;
    case 'bad-layout':
      return `The file was not imported: ${layoutProblemText(failure.problem)}.${keeps}`;
    case 'invalid-weights':
      return `${request === 'import-weights' ? 'The file was not imported' : 'The weights were not used'}: ${weightsProblemText(failure.problem, failure.names)}.${keeps}`;
    case 'data':
      return `${what} failed: ${failure.file} ${failure.problem}. Check the connection to this site and try again.${keeps}`;
    case 'worker-restarted':
      return `${what} was interrupted: the training worker was restarted. Try again.${keeps}`;
    case 'internal':
      return `${what} failed: ${failure.detail}.${keeps}`;
  }
}

/** Train while a race goes. */
export const RACE_GOING = 'A race is going: stop it, or wait for it to end, then click Train.';

/** The watchdog's words: Stop was sent and the worker did not even acknowledge it. */
export const STOP_UNANSWERED =
  'The worker did not acknowledge Stop within 4 s (it was stuck, e.g. in a long GPU submission) and was restarted; the weights of this run are lost. Click Train to start again.';

/** A race worker did not acknowledge Stop: it was ended, and its variants' weights are lost. */
export function describeRaceStopUnanswered(): string {
  return 'Its worker did not acknowledge Stop within 4 s and was ended; the weights of this variant are lost.';
}

/** The worker crashed (an uncaught error or an unreadable message). */
export function describeCrash(text: string): { message: string; hint: string } {
  return { message: `The training worker crashed: ${text}`, hint: 'A fresh worker has been started: click Train to run again.' };
}
