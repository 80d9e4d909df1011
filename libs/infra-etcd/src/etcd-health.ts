import type { EtcdConnection } from './etcd-client.js';

/** A linearizable read proves a quorum answers, which is what issuing needs. */
export async function etcdAnswers(etcd: EtcdConnection): Promise<boolean> {
  try {
    await etcd.keys.get('health').string();
    return true;
  } catch {
    return false;
  }
}
