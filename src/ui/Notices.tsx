import { useAppStore, selectNotices } from '../store/appStore';

/** Dismissable messages, e.g. which URL setting was invalid and what was used instead. */
export function Notices() {
  const notices = useAppStore(selectNotices);
  const dismiss = useAppStore((s) => s.dismissNotice);
  if (notices.length === 0) return null;
  return (
    <div className="notices" role="status" aria-live="polite">
      {notices.map((n) => (
        <div key={n.id} className="notice">
          <span id={`notice-${n.id}`}>{n.text}</span>
          {/* Named just "Dismiss" (described by the text), so that it never matches a search for "Train". */}
          <button type="button" className="dismiss" onClick={() => dismiss(n.id)} aria-describedby={`notice-${n.id}`}>
            Dismiss
          </button>
        </div>
      ))}
    </div>
  );
}
