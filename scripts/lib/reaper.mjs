// Started (detached) by processes.mjs. Reads "+pid" / "-pid" lines on stdin (each pid leads its own
// process group); when stdin closes because the parent is gone, stops whatever the parent left running.
const pids = new Set();
let pending = '';

process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  pending += chunk;
  const lines = pending.split('\n');
  pending = lines.pop();
  for (const line of lines) {
    const pid = Number(line.slice(1));
    if (!Number.isInteger(pid) || pid <= 0) continue;
    if (line.startsWith('+')) pids.add(pid);
    else pids.delete(pid);
  }
});
process.stdin.on('end', reap);
process.stdin.on('error', reap);

function reap() {
  if (pids.size === 0) process.exit(0);
  signalAll('SIGTERM');
  const deadline = Date.now() + 3000;
  setInterval(() => {
    signalAll(0);
    if (pids.size > 0 && Date.now() < deadline) return;
    signalAll('SIGKILL');
    process.exit(0);
  }, 100);
}

// Signal 0 only checks that the process still exists.
function signalAll(signal) {
  for (const pid of pids) {
    try { process.kill(-pid, signal); } catch { pids.delete(pid); } // the child's whole process group
  }
}
