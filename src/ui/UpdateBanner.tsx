/** Placeholder until the service worker lands (issue 9, offline). */
export function UpdateBanner() {
  return null;
}
