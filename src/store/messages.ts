/**
 * The page's words: the worker and the model report facts (a failure kind, a file and its problem,
 * a backend, numbers); this module turns them into the sentences the page shows. One place to read,
 * test and reword them (src/store/messages.test.ts).
 */

// --- Weights and stored runs -------------------------------------------------------------------

// --- Runs: failures, divergence, backends --------------------------------------------------------
