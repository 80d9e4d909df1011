// Drives a Node HTTP server's request listener over in-memory keep-alive connections (gci-path.mjs):
// Node's HTTP parser and response writer run, the kernel's socket calls do not.
import { Duplex } from 'node:stream';

/** A keep-alive client connection in memory: what the server writes is dropped. */
class MemoryConnection extends Duplex {
  remoteAddress = '127.0.0.1';
  remotePort = 50000;
  remoteFamily = 'IPv4';
  localAddress = '127.0.0.1';
  localPort = 9000;
  _read() {}
  _write(_chunk, _encoding, done) { done(); }
  _writev(_chunks, done) { done(); }
  setNoDelay() { return this; }
  setKeepAlive() { return this; }
  setTimeout() { return this; }
}

/** A driver per server: `run(n)` sends n requests over the connections, resolves the µs of CPU they took; a non-200 answer fails it. */
export function driver(server, connections) {
  let state;
  // Beside the server's own listeners (the request listener, and any other such as HttpDrain's), as they are.
  server.prependListener('request', (request, response) => {
    response.once('finish', () => {
      if (response.statusCode !== 200) state.fail(new Error(`HTTP ${response.statusCode}`));
      else setImmediate(state.next, request.socket);
    });
  });
  const sockets = Array.from({ length: connections }, () => {
    const socket = new MemoryConnection();
    server.emit('connection', socket);
    return socket;
  });
  return (count, bytes) => new Promise((resolve, reject) => {
    let sent = 0;
    let answered = 0;
    const started = process.cpuUsage();
    const send = (socket) => { sent++; socket.push(bytes); };
    state = {
      fail: reject,
      next: (socket) => {
        if (++answered === count) {
          const used = process.cpuUsage(started);
          return resolve(used.user + used.system);
        }
        if (sent < count) send(socket);
      },
    };
    for (const socket of sockets.slice(0, Math.min(connections, count))) send(socket);
  });
}
