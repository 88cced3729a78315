// A CLI process started by the extension exits with it, as a language server does with its client.
// The extension passes one end of a pipe as STREAMWISE_PARENT_FD and never writes to it; the kernel
// closes it when the extension host ends in any way (SIGKILL and crashes included, which run no
// deactivate), and the close reaches us as end-of-file: no polling of the parent's pid.
import { Socket } from 'node:net';

export const PARENT_FD_ENV = 'STREAMWISE_PARENT_FD';

/**
 * Calls `gone` once when the parent's pipe closes. No-op when not started with one. The variable
 * is removed from the environment: the user's code and its children must not inherit it.
 */
export function watchParent(gone: (why: string) => void): void {
  const raw = process.env[PARENT_FD_ENV];
  delete process.env[PARENT_FD_ENV];
  if (raw === undefined || !/^\d+$/.test(raw) || Number(raw) < 3) return;
  // The parent's stdout/stderr pipes die with it: a late log line must not crash the shutdown.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
  let socket: Socket;
  try {
    socket = new Socket({ fd: Number(raw), readable: true, writable: false });
  } catch {
    return;
  }
  let fired = false;
  const fire = (why: string): void => {
    if (fired) return;
    fired = true;
    socket.destroy();
    gone(why);
  };
  socket.on('data', () => undefined);
  socket.on('end', () => fire('the process that started it exited'));
  socket.on('error', (e) => fire(`its parent's pipe failed: ${e.message}`));
  socket.on('close', () => fire('the process that started it exited'));
  // It never keeps this process alive by itself.
  socket.unref();
}
