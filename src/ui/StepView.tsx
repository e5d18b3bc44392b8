/**
 * "One step": the chapter's training step explained on one batch, tensor by tensor (issue 14,
 * item 1). Empty until the explainer is built: it says so, and what will be here.
 */
export function StepView() {
  return (
    <section className="panel step-view" aria-labelledby="step-title">
      <h2 id="step-title">One step</h2>
      <p>
        This view will take one batch and walk through the chapter&apos;s training step on it, line by line: the forward pass, the loss, the
        backward pass and the update, with every tensor it produces.
      </p>
      <p className="empty-state">Not available yet: the step explainer is still being built.</p>
      <p className="hint">
        Meanwhile, to train one batch at a time: Train, then Pause, then Step. The loss of each step appears under the status line above.
      </p>
    </section>
  );
}
