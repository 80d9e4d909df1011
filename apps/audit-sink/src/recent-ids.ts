/**
 * The last `capacity` event ids, to drop a redelivered event (written, then the sink died before
 * acknowledging it). Forgetting goes by a ring of insertion order: evicting through a Set's own
 * iterator (`values().next()`) walks the entries deleted before it, which V8 keeps until the next
 * rehash; at 100,000 ids that cost 10–80 µs per event once the Set was full.
 */
export class RecentIds {
  private readonly ids = new Set<string>();
  private readonly order: (string | undefined)[];
  private next = 0;

  constructor(private readonly capacity: number) {
    this.order = new Array<string | undefined>(capacity);
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  remember(id: string): void {
    if (this.ids.has(id)) return;
    const oldest = this.order[this.next];
    if (oldest !== undefined) this.ids.delete(oldest);
    this.order[this.next] = id;
    this.next = (this.next + 1) % this.capacity;
    this.ids.add(id);
  }

  get size(): number {
    return this.ids.size;
  }
}
