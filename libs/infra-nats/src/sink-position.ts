/**
 * How far a reader of a stream has got, kept by the reader itself: its consumer holds its state in
 * memory only (nats-server writes no state file for it, see PacedPull on why that matters), so a
 * nats-server restart forgets it. Every message up to `seq` is handled; the position only moves
 * forward, taken from the consumer's acknowledgement floor, and is saved as a checkpoint that
 * names the stream's creation time (a stream deleted and made again starts its sequences anew).
 */
export interface Checkpoint {
  /** The stream's `created` timestamp. */
  stream: string;
  seq: number;
}

/** What the consumer's info says of its progress (stream sequences). */
export interface ConsumerProgress {
  /** The highest delivered. */
  delivered: number;
  /** Every message up to this one is acknowledged. */
  ackFloor: number;
}

export class SinkPosition {
  private saved: number;

  private constructor(private current: number) {
    this.saved = current;
  }

  /** The position a checkpoint gives for the stream as it is now (none, or another stream's: 0). */
  static resume(checkpoint: unknown, stream: { created: string; lastSeq: number }): SinkPosition {
    const seq = isCheckpoint(checkpoint) && checkpoint.stream === stream.created ? Math.min(checkpoint.seq, stream.lastSeq) : 0;
    return new SinkPosition(seq);
  }

  get seq(): number {
    return this.current;
  }

  /**
   * Takes in a consumer's progress. `false` when the consumer knows less than the position: it was
   * made again from its configuration with its state gone (a restarted nats-server or cluster) and
   * would deliver again what is already written, so it must be made again from the position.
   */
  follow(progress: ConsumerProgress): boolean {
    if (progress.delivered < this.current) return false;
    this.current = Math.max(this.current, progress.ackFloor);
    return true;
  }

  /** A consumer from before this scheme keeps its state on disk: its floor is the truth. */
  adopt(ackFloor: number): void {
    this.current = Math.max(this.current, ackFloor);
  }

  /** The checkpoint to save if the position moved since the last one saved, else undefined. */
  unsaved(streamCreated: string): Checkpoint | undefined {
    return this.current > this.saved ? { stream: streamCreated, seq: this.current } : undefined;
  }

  markSaved(checkpoint: Checkpoint): void {
    this.saved = Math.max(this.saved, checkpoint.seq);
  }
}

function isCheckpoint(value: unknown): value is Checkpoint {
  const candidate = value as Partial<Checkpoint> | null;
  return typeof candidate === 'object' && candidate !== null && typeof candidate.stream === 'string' && Number.isSafeInteger(candidate.seq) && (candidate.seq as number) >= 0;
}
