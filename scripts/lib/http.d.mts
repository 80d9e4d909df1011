export function httpGet(url: string, options?: { timeoutMs?: number }): Promise<{ status: number; body: string } | null>;
