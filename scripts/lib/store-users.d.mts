export const ETCD_ROOT_USER: string;
export interface EtcdSecrets {
  /** The password file of root and of each app that uses etcd. */
  passwordFiles: Record<string, string>;
  /** etcd's --auth-token value (JWT, signed with a key pair in the secrets directory). */
  authToken: string;
}
export function ensureEtcdSecrets(secretsDir: string, apps: readonly string[]): EtcdSecrets;
export function etcdUserEnv(secrets: EtcdSecrets | undefined, app: string): Record<string, string>;
export function etcdRootAuth(secrets: EtcdSecrets): { username: string; password: string };
export function provisionEtcd(options: { endpoint: string | string[]; pathPrefix?: string; secrets: EtcdSecrets; apps: readonly string[] }): Promise<void>;
