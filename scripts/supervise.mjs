// Runs the long-lived part of `npm start` (the demo 学籍系统, the sync server, Chromium) as a process group
// of its own and stops that whole group when `npm start` is stopped (Ctrl+C, a closed terminal, kill):
// the signal is passed on to every process in the group, and whatever is still running after a grace
// period is killed. Without this, Ctrl+C stopped npm but left the servers and Chromium running.
// Plain Node on purpose: it runs before node_modules exists.
import { spawn } from 'node:child_process';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** Spawns `cmd args` in its own process group; resolves with its exit code once the group is stopped. */
export function supervise(cmd, args, { graceMs = 5000, stdio = 'inherit' } = {}) {
  const child = spawn(cmd, args, { stdio, detached: true });
  const killGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // The group is gone already.
    }
  };
  let stopping = false;
  const stop = (signal) => {
    if (stopping) return killGroup('SIGKILL'); // a second Ctrl+C: at once
    stopping = true;
    killGroup(signal);
    setTimeout(() => killGroup('SIGKILL'), graceMs).unref();
  };
  const handlers = SIGNALS.map((signal) => [signal, () => stop(signal)]);
  for (const [signal, handler] of handlers) process.on(signal, handler);
  // However this process ends, nothing it started is left behind.
  const onExit = () => killGroup('SIGKILL');
  process.on('exit', onExit);
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      // The leader is gone; a straggler of its group (a browser, a server) is not left running.
      killGroup(stopping ? 'SIGKILL' : 'SIGTERM');
      for (const [s, handler] of handlers) process.off(s, handler);
      process.off('exit', onExit);
      resolve(code ?? (signal === 'SIGINT' ? 130 : 1));
    });
  });
}
