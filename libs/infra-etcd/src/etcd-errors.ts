import { StsError } from '#contracts';

/** Any storage failure becomes one retryable, non-revealing STS error. */
export async function withStorageErrors<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw storageError(what, error);
  }
}

/** The STS error a storage failure becomes (an StsError is kept as it is). */
export function storageError(what: string, error: unknown): StsError {
  if (error instanceof StsError) return error;
  // `what` and the cause reach the service's log through the RPC filter, never the client.
  return new StsError('ServiceUnavailable', 'The credential store is unavailable; please try again.', { cause: new Error(`etcd ${what}: ${(error as Error)?.message}`, { cause: error }) });
}
