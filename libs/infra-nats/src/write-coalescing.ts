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

let callback: Promise<void> | undefined;

/**
 * Resolves once the microtasks of the current callback have run (a nextTick queued from a microtask
 * runs when that queue is empty), before the event loop goes on to its next I/O callback or
 * immediate, for every caller at once: what the continuations publish still leaves in one socket
 * write (as with endOfEventLoopTurn), but ahead of the work the rest of the turn brings.
 */
export function endOfCallback(): Promise<void> {
  callback ??= new Promise((resolve) => process.nextTick(() => {
    callback = undefined;
    resolve();
  }));
  return callback;
}
