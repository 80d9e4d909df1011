export function madminUnavailable(): string | null;
export function ensureMadminGo(): string | null;
export function buildMadminProgram(name: string, outDir: string): string;
