/**
 * The page's words: the worker and the model report facts (a failure kind, a file and its problem,
 * a backend, numbers); this module turns them into the sentences the page shows. One place to read,
 * test and reword them (src/store/messages.test.ts).
 */

// --- Weights and stored runs -------------------------------------------------------------------
import type { WeightsProblem } from '../model/weightsCheck';
import type { RecordProblem } from './runRecord';

const count = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

function partName(part: Extract<WeightsProblem, { rule: 'malformed' }>['part']): string {
  if (part === 'architecture' || part === 'values') return `the ${part}`;
  if (part === 'H1' || part === 'H2') return `hidden size ${part}`;
  return `tensor ${part}`;
}

/**
 * The words for a broken weights rule, as a clause ("tensor W_1 holds 1 NaN or infinite value"):
 * the same whether the weights came from a file, IndexedDB, memory or the worker.
 */
export function weightsProblemText(problem: WeightsProblem): string {
  switch (problem.rule) {
    case 'hidden-size':
      return Number.isInteger(problem.size)
        ? `hidden size ${problem.layer} is ${problem.size}; this app takes 1 to ${problem.max}`
        : `hidden size ${problem.layer} is ${problem.size}, not a whole number from 1 to ${problem.max}`;
    case 'malformed':
      return `${partName(problem.part)} is ${problem.found}, not ${problem.expected}`;
    case 'missing':
      return `tensor ${problem.tensor} is missing`;
    case 'size':
      return `tensor ${problem.tensor} holds ${count(problem.actual, 'value')}; its hidden sizes imply ${problem.expected.toLocaleString('en-GB')}`;
    case 'not-finite':
      return `tensor ${problem.tensor} holds ${count(problem.count, 'NaN or infinite value')}`;
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
