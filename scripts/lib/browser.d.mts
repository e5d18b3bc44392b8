export const CHROMIUM_ARGS: string[];
export function chromiumLaunchOptions(extraArgs?: string[]): { headless: boolean; args: string[]; executablePath?: string };
