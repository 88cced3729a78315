// Kafka Streams' process id (StateDirectory.initializeProcessId): kept in
// <stateDir>/<applicationId>/kafka-streams-process-metadata, so an instance restarted with the same
// state directory keeps its id, and with it the transactional ids of its stream threads. The new
// producer's InitProducerId then aborts what the crashed one left open at once, instead of the
// coordinator waiting out the transaction timeout while read_committed readers stall at the LSO.
// The directory is locked while an instance runs (Kafka's `.lock`, ./state-dir-lock.ts): two
// instances sharing it would share the id and fence each other.
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LockHeldError, lockStateDir, type StateDirLock } from './state-dir-lock';

export const PROCESS_FILE_NAME = 'kafka-streams-process-metadata';
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

export interface ProcessIdentity {
  processId: string;
  /** Unlocks the directory (the process id file stays for the next start). */
  release(): void;
}

/**
 * Locks the application's state directory and returns its process id, creating and persisting one
 * (`preferred`, else a new UUID) when there is none. A lock left by a process that no longer runs
 * (SIGKILL) is taken over (by exactly one of several contenders); one held by a live process is
 * refused with a clear error.
 */
export function acquireProcessId(dir: string, preferred?: string): ProcessIdentity {
  mkdirSync(dir, { recursive: true });
  if (lockedHere.has(dir)) throw locked(dir, 'another KafkaStreams instance in this process');
  let lock: StateDirLock;
  try {
    lock = lockStateDir(dir);
  } catch (error) {
    if (error instanceof LockHeldError) throw locked(dir, `process ${error.holderPid}`);
    throw error;
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
      lock.release();
    },
  };
}

function locked(dir: string, holder: string): StateDirectoryLockedError {
  return new StateDirectoryLockedError(`state directory ${dir} is in use by ${holder}: `
    + 'two instances of one application on one machine need different stateDir (or instanceId) settings');
}
