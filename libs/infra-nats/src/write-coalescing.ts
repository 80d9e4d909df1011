let turn: Promise<void> | undefined;

/**
 * Resolves in the check phase of the current event-loop turn, for every caller at once. The NATS
 * client flushes its outbound buffer in a microtask after the first write, so messages published by
 * continuations of this promise leave in one socket write; under load a syscall per message was the
 * largest single cost of the NATS hops.
 */
export function endOfEventLoopTurn(): Promise<void> {
  turn ??= new Promise((resolve) => setImmediate(() => {
    turn = undefined;
    resolve();
  }));
  return turn;
}
