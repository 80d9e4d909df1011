import { Logger } from '@nestjs/common';
import type { StsClient } from '#infra-nats';

const logger = new Logger('SavedChangeEvents');

/**
 * Waits until the NATS server holds the events published for a change already saved in etcd, so a
 * request the admin sends after the answer cannot overtake them. If that wait fails (the bus dropped
 * meanwhile), the change still stands and is answered as done, as MinIO answers a saved change whose
 * peer notification failed (logged, not returned): an error would invite a retry that applies it
 * again (a second service account, another revocation), and every gateway's etcd watch (`iam/`,
 * credential deletions) still narrows access without the events. The warning names the admin
 * operation only, never its payload.
 */
export async function flushEventsOfSavedChange(bus: StsClient, operation: string): Promise<void> {
  try {
    await bus.flush();
  } catch (error) {
    logger.warn(`${operation}: saved, but its events may not have reached every gateway (${error instanceof Error ? error.message : String(error)}); their etcd watches narrow access`);
  }
}
