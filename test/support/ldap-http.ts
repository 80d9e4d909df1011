import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { xmlField, type HttpReply, type Keys } from './sts-http.js';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

export function ldapForm(username: string, password: string, extra: Record<string, string> = {}): string {
  return new URLSearchParams({ Action: 'AssumeRoleWithLDAPIdentity', Version: '2011-06-15', LDAPUsername: username, LDAPPassword: password, ...extra }).toString();
}

/** A form POST from a chosen loopback source address (127.0.0.2, …), to act as another client. */
export function postFrom(localAddress: string, gateway: string, body: string, query = ''): Promise<HttpReply> {
  const url = new URL(`/${query ? `?${query}` : ''}`, gateway);
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', localAddress, headers: { ...FORM, 'content-length': Buffer.byteLength(body) } }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk)).on('end', () => {
        resolve({ status: res.statusCode ?? 0, headers: new Headers(res.headers as Record<string, string>), body: text });
      });
    });
    req.on('error', reject).end(body);
  });
}

export function keysOf(xml: string): Keys {
  return { accessKeyId: xmlField(xml, 'AccessKeyId')!, secretAccessKey: xmlField(xml, 'SecretAccessKey')!, sessionToken: xmlField(xml, 'SessionToken')! };
}

/** The claims of a session token (its signature is the issuer's business). */
export const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>;

/** The admin CLI, as root, with --json. */
export function sts(gateway: string, keys: Keys, ...args: string[]): Promise<{ code: number; json: any }> {
  return new Promise((resolve) => {
    const env = { ...process.env, STS_ENDPOINT: gateway, STS_ACCESS_KEY: keys.accessKeyId, STS_SECRET_KEY: keys.secretAccessKey };
    const child = spawn(process.execPath, ['scripts/sts.mjs', ...args, '--json'], { env });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.on('close', (code) => resolve({ code: code ?? 1, json: stdout ? JSON.parse(stdout) : undefined }));
  });
}
