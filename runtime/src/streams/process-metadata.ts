// Kafka Streams' process id (StateDirectory.initializeProcessId): kept in
// <stateDir>/<applicationId>/kafka-streams-process-metadata, so an instance restarted with the same
// state directory keeps its id, and with it the transactional ids of its stream threads. The new
// producer's InitProducerId then aborts what the crashed one left open at once, instead of the
// coordinator waiting out the transaction timeout while read_committed readers stall at the LSO.
// The directory is locked while an instance runs (Kafka's `.lock`): two instances sharing it would
// share the id and fence each other.
import { randomUUID } from 'node:crypto';
import { mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeFileSync, closeSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export const PROCESS_FILE_NAME = 'kafka-streams-process-metadata';
const LOCK_FILE_NAME = '.lock';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Directories locked by instances in this process (a second one here is refused as in another process). */
const lockedHere = new Set<string>();

export class StateDirectoryLockedError extends Error {
  override name = 'StateDirectoryLockedError';
}

export function appStateDir(stateDir: string, applicationId: string): string {
  return join(stateDir, applicationId);
}

/** The persisted process id, or undefined when there is none (or it is unreadable). */
export function readProcessId(dir: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(readFileSync(join(dir, PROCESS_FILE_NAME), 'utf8'));
    const id = typeof parsed === 'object' && parsed !== null && 'processId' in parsed ? parsed.processId : undefined;
    return typeof id === 'string' && UUID.test(id) ? id : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, owned by someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function tryLock(lock: string): boolean {
  try {
    const fd = openSync(lock, 'wx');
    try { writeSync(fd, `${process.pid}\n`); } finally { closeSync(fd); }
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

export interface ProcessIdentity {
  processId: string;
  /** Unlocks the directory (the process id file stays for the next start). */
  release(): void;
}

/**
 * Locks the application's state directory and returns its process id, creating and persisting one
 * (`preferred`, else a new UUID) when there is none. A lock left by a process that no longer runs
 * (SIGKILL) is taken over; one held by a live process is refused with a clear error.
 */
export function acquireProcessId(dir: string, preferred?: string): ProcessIdentity {
  mkdirSync(dir, { recursive: true });
  const lock = join(dir, LOCK_FILE_NAME);
  if (lockedHere.has(dir)) throw locked(dir, 'another KafkaStreams instance in this process');
  if (!tryLock(lock)) {
    let holder = Number.NaN;
    try { holder = Number(readFileSync(lock, 'utf8').trim()); } catch { /* removed meanwhile */ }
    // Not locked here, so a lock naming this process is a leftover too.
    const live = Number.isInteger(holder) && holder > 0 && holder !== process.pid && alive(holder);
    if (live) throw locked(dir, `process ${holder}`);
    unlinkQuietly(lock);
    if (!tryLock(lock)) throw locked(dir, 'another process that started at the same time');
  }
  lockedHere.add(dir);
  let processId = readProcessId(dir);
  if (processId === undefined) {
    processId = preferred !== undefined && UUID.test(preferred) ? preferred : randomUUID();
    // Kafka's StateDirectoryProcessFile JSON; written whole (rename) so a crash leaves no half file.
    const tmp = join(dir, `${PROCESS_FILE_NAME}.tmp`);
    writeFileSync(tmp, JSON.stringify({ version: 0, processId }));
    renameSync(tmp, join(dir, PROCESS_FILE_NAME));
  }
  let released = false;
  return {
    processId,
    release: () => {
      if (released) return;
      released = true;
      lockedHere.delete(dir);
      unlinkQuietly(lock);
    },
  };
}

function locked(dir: string, holder: string): StateDirectoryLockedError {
  return new StateDirectoryLockedError(`state directory ${dir} is in use by ${holder}: `
    + 'two instances of one application on one machine need different stateDir (or instanceId) settings');
}

function unlinkQuietly(path: string): void {
  try { unlinkSync(path); } catch { /* already gone */ }
}
