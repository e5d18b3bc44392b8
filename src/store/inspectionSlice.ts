import type { StateCreator } from 'zustand';
import type { FromWorker, GalleryImage, GallerySelection, TileSettings, TilesFrame } from '../worker/protocol';
import type { AppState } from './appStore';
import { dataUrl, nextRequestId } from './phase';

/** A gallery image with an object URL for its PNG (revoked when the gallery closes). */
export interface GalleryEntry extends GalleryImage {
  url: string;
}

export interface GalleryState {
  requestId: number;
  selection: GallerySelection;
  title: string;
  images: GalleryEntry[];
  /** How many images matched in all (at most 100 are shown). */
  total: number;
  pending: boolean;
  /** Why the images could not be collected. */
  error: string | null;
}

export interface ConfusionState {
  /** 10×10 counts, row = true digit, column = predicted digit. */
  counts: number[];
  accuracy: number;
  /** Which weights: "after epoch 3", "final weights", "loaded weights". */
  caption: string;
}

export interface InspectionSlice {
  confusion: ConfusionState | null;
  gallery: GalleryState | null;
  tiles: TilesFrame | null;
  /** Why the last tiles request failed. */
  tilesError: string | null;
  tileSettings: TileSettings;
  openGallery(selection: GallerySelection): void;
  closeGallery(): void;
  setTileSettings(patch: Partial<TileSettings>): void;
  /** A new run began: the matrix and gallery described the old weights. */
  runStarted(): void;
  /** A paused run continued: the gradient view only exists while paused. */
  tilesResumed(): void;
  /** The confusion of the current weights, from a run's epoch, its end, or loaded weights. */
  showConfusion(counts: number[], accuracy: number, caption: string): void;
  receiveInspection(message: Extract<FromWorker, { type: 'tiles' | 'gallery' }>): void;
  /** A gallery or tiles request failed: its panel stops waiting and says why. */
  inspectionFailed(request: 'gallery' | 'tiles', requestId: number, text: string): void;
}

/** The gallery's name, as its region is labelled. */
export function galleryTitle(selection: GallerySelection): string {
  return selection === 'mistakes'
    ? 'Images: most confident mistakes'
    : `Images: true ${selection.actual}, predicted ${selection.predicted}`;
}

const revoke = (gallery: GalleryState | null) => gallery?.images.forEach((i) => URL.revokeObjectURL(i.url));

export const createInspectionSlice: StateCreator<AppState, [], [], InspectionSlice> = (set, get) => ({
  confusion: null,
  gallery: null,
  tiles: null,
  tilesError: null,
  tileSettings: { view: 'weights', scale: 'shared', live: true },

  openGallery: (selection) => {
    revoke(get().gallery);
    const requestId = nextRequestId();
    set({ gallery: { requestId, selection, title: galleryTitle(selection), images: [], total: 0, pending: true, error: null } });
    get().send({ type: 'gallery', requestId, selection, dataUrl: dataUrl() });
  },

  closeGallery: () => {
    revoke(get().gallery);
    set({ gallery: null });
  },

  setTileSettings: (patch) => {
    const tileSettings = { ...get().tileSettings, ...patch };
    set({ tileSettings });
    get().send({ type: 'tile-settings', requestId: nextRequestId(), settings: tileSettings });
  },

  runStarted: () => {
    revoke(get().gallery);
    set({ confusion: null, gallery: null });
  },

  tilesResumed: () => {
    if (get().tileSettings.view === 'gradient') get().setTileSettings({ view: 'weights' });
  },

  showConfusion: (counts, accuracy, caption) => set({ confusion: { counts, accuracy, caption } }),

  receiveInspection: (message) => {
    if (message.type === 'tiles') {
      set({ tiles: message.frame, tilesError: null });
      return;
    }
    const gallery = get().gallery;
    if (!gallery || gallery.requestId !== message.requestId) return; // closed, or replaced by a newer request
    const images = message.images.map((image) => ({ ...image, url: URL.createObjectURL(image.png) }));
    set({ gallery: { ...gallery, images, total: message.total, pending: false, error: null } });
  },

  inspectionFailed: (request, requestId, text) => {
    if (request === 'tiles') {
      set({ tilesError: text });
      return;
    }
    const gallery = get().gallery;
    if (gallery?.requestId === requestId) set({ gallery: { ...gallery, pending: false, error: text } });
  },
});
