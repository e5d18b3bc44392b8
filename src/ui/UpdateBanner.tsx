import { useEffect } from 'react';
import { useRegisterSW } from 'virtual:pwa-register/react';
import { useAppStore, isActive, selectPhase } from '../store/appStore';

/**
 * Registers the service worker that makes the app work offline, and says when a new version is
 * ready. It is activated when no run is going (it then serves the next load); reloading now is
 * the learner's choice, never automatic, so that a run is never cut short.
 */
export function UpdateBanner() {
  const phase = useAppStore(selectPhase);
  const running = isActive(phase);
  const {
    needRefresh: [needRefresh],
    offlineReady: [offlineReady, setOfflineReady],
    updateServiceWorker,
  } = useRegisterSW({ onRegisterError: () => undefined });

  useEffect(() => {
    if (needRefresh && !running) void updateServiceWorker(false);
  }, [needRefresh, running, updateServiceWorker]);

  useEffect(() => {
    if (!offlineReady) return;
    const timer = setTimeout(() => setOfflineReady(false), 8000);
    return () => clearTimeout(timer);
  }, [offlineReady, setOfflineReady]);

  if (needRefresh) {
    return (
      <div className="notices">
        <div className="notice" role="status">
          <span>A new version of this app is ready: it is used the next time the page loads{running ? ' (after this run)' : ''}.</span>
          <button type="button" onClick={() => void updateServiceWorker(true)} disabled={running}>
            Reload now
          </button>
        </div>
      </div>
    );
  }
  if (offlineReady) {
    return (
      <p className="offline-ready" role="status">
        This app now works offline: the next visit loads and trains without a network.
      </p>
    );
  }
  return null;
}
