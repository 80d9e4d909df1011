import { StsError } from '#contracts';

/** Any storage failure becomes one retryable, non-revealing STS error. */
export async function withStorageErrors<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof StsError) throw error;
    throw new StsError('ServiceUnavailable', `The credential store is unavailable (${what}); please try again.`, { cause: error });
  }
}
