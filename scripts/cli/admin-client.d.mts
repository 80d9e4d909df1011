export class AdminError extends Error {
  status: number;
  code: string;
}
export interface AdminClientOptions {
  endpoint: string;
  accessKey: string;
  secretKey: string;
  sessionToken?: string;
  region?: string;
  userAgent?: string;
}
export type AdminCall = (method: string, path: string, query?: Record<string, string> | Array<[string, string]>, body?: string | object) => Promise<any>;
export function adminClient(options: AdminClientOptions): AdminCall;
