import { StsError } from '#contracts';

/** Any storage failure becomes one retryable, non-revealing STS error. */
export async function withStorageErrors<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof StsError) throw error;
    // `what` and the cause reach the service's log through the RPC filter, never the client.
    throw new StsError('ServiceUnavailable', 'The credential store is unavailable; please try again.', { cause: new Error(`etcd ${what}: ${(error as Error)?.message}`, { cause: error }) });
  }
}
