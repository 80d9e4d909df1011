export * from './etcd-client.js';
export * from './etcd-errors.js';
export * from './etcd-credential-store.js';
export * from './etcd-keyring-store.js';
export * from './etcd-user-store.js';
export * from './etcd-health.js';
export * from './etcd.module.js';
