/** The page's views: each has a link in the "Views" navigation and a URL hash of its own. */
export const VIEWS = [
  { id: 'train', label: 'Train' },
  { id: 'inside', label: 'Inside' },
  { id: 'step', label: 'One step' },
  { id: 'runs', label: 'Runs' },
] as const;

/** A view's id, as its URL hash spells it (`#inside`). */
export type ViewId = (typeof VIEWS)[number]['id'];

/** The view a URL hash names; an empty or unknown hash is the Train view. */
export function viewFromHash(hash: string): ViewId {
  const id = hash.replace(/^#/, '').toLowerCase();
  return VIEWS.find((v) => v.id === id)?.id ?? 'train';
}

/** The view's label, e.g. for the document title. */
export const viewLabel = (id: ViewId): string => VIEWS.find((v) => v.id === id)!.label;
