/** An error's own words: its message, or the thrown value as text (a thrown string, a DOMException's name). */
export const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));
