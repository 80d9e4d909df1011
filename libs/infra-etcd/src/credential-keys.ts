/** A credential's record, and an entry of the by-parent index (credential-index.ts), under the deployment prefix. */
export const credentialKey = (accessKey: string) => `sts/credentials/${accessKey}`;
export const byParentKey = (parent: string, accessKey: string) => `sts/by-parent/${encodeURIComponent(parent)}/${accessKey}`;
