import type { AccessChangedEvent } from '#contracts';
import type { FeedSubscription, IamChangeFeed } from '#domain';
import { connectEtcd, type EtcdConnection } from './etcd-client.js';
import { IamKeys, nameAfter } from './iam-keys.js';
import { ResilientPrefixWatch } from './resilient-watch.js';

const EVERYONE: AccessChangedEvent = { all: true };

/** The access one changed `iam/` key can alter; an unknown key under `iam/` alters everyone's. */
export function accessScopeOfKey(key: string): AccessChangedEvent {
  try {
    return scopeOfKnownKey(key);
  } catch {
    return EVERYONE; // a name that is not valid percent-encoding: nobody wrote it through the issuer
  }
}

function scopeOfKnownKey(key: string): AccessChangedEvent {
  const under = (prefix: string) => key.startsWith(prefix) && key.length > prefix.length;
  if (under(IamKeys.usersPrefix)) return { parents: [nameAfter(key, IamKeys.usersPrefix)] };
  if (under(IamKeys.serviceAccountsPrefix)) return { parents: [nameAfter(key, IamKeys.serviceAccountsPrefix)] };
  if (under(IamKeys.policiesPrefix)) return { policies: [nameAfter(key, IamKeys.policiesPrefix)] };
  if (under(IamKeys.groupsPrefix)) return { groups: [nameAfter(key, IamKeys.groupsPrefix)] };
  if (under(IamKeys.mappingsPrefix('users'))) return { parents: [nameAfter(key, IamKeys.mappingsPrefix('users'))] };
  if (under(IamKeys.mappingsPrefix('groups'))) return { groups: [nameAfter(key, IamKeys.mappingsPrefix('groups'))] };
  return EVERYONE;
}

/**
 * Every write or delete under `iam/`, as the access it can alter: the backstop for a missed
 * access-change event. The watch survives outages and compaction (ResilientPrefixWatch); a resync or
 * an interruption alters everyone's, so the consumer forgets what it cached rather than trust it.
 */
export class EtcdIamChangeFeed implements IamChangeFeed {
  constructor(private readonly etcd: EtcdConnection) {}

  async watchChanges(onChanged: (scope: AccessChangedEvent) => void): Promise<FeedSubscription> {
    const changed = (key: string) => onChanged(accessScopeOfKey(key));
    const watch = new ResilientPrefixWatch(() => connectEtcd(this.etcd.options), 'iam/', {
      onPut: changed,
      onDelete: changed,
      onResync: () => onChanged(EVERYONE),
      onInterrupted: () => onChanged(EVERYONE),
    });
    await watch.start();
    return { healthy: () => watch.healthy, close: () => watch.stop() };
  }
}
