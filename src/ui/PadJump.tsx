/** The id of the column that holds the drawing pad in every view. */
export const PAD_COLUMN_ID = 'pad-column';

/**
 * Where the pad is not beside the view (narrow screens, where it follows the view), a short way to
 * it: scrolls to the pad's column and moves focus there. Hidden by CSS where the pad is in sight.
 */
export function PadJump() {
  const jump = () => {
    const column = document.getElementById(PAD_COLUMN_ID);
    if (!column) return;
    column.scrollIntoView({ block: 'start' });
    column.focus({ preventScroll: true });
  };
  return (
    <button type="button" className="pad-jump" onClick={jump} aria-label="Draw: go to the drawing pad">
      Draw <span aria-hidden="true">↓</span>
    </button>
  );
}
