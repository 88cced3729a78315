// The process table, read from /proc: which processes a test left behind.
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcessInfo {
  pid: number;
  pgid: number;
  cmdline: string;
}

// Zombies have ended; only their exit status waits to be collected.

export function listProcesses(): ProcessInfo[] {
  const out: ProcessInfo[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // Fields after the parenthesised command: state ppid pgrp ...
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').join(' ').trim();
      if (fields[0] !== 'Z') out.push({ pid: Number(name), pgid: Number(fields[2]), cmdline });
    } catch {
      // The process ended while we read it.
    }
  }
  return out;
}

/** Processes whose command line mentions `needle` (a temp folder only this run uses). */
export function processesMentioning(needle: string): ProcessInfo[] {
  return listProcesses().filter((p) => p.pid !== process.pid && p.cmdline.includes(needle));
}

export function processGroupMembers(pgid: number): ProcessInfo[] {
  return listProcesses().filter((p) => p.pgid === pgid);
}
