// Debian's chromium driven by playwright-core (never a downloaded browser).
import { format } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Tools } from './tools';

export async function launchBrowser(tools: Tools): Promise<Browser> {
  return chromium.launch({
    executablePath: tools.chromium,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-dev-shm-usage'],
  });
}

export interface Payload {
  extensionDevelopmentPath?: string;
  extensionTestsPath?: string;
}

/** The workbench URL for a folder on the server, optionally with an extension test run. */
export function workbenchUrl(serverUrl: string, folder: string, payload?: Payload): string {
  const remote = (path: string): string => `vscode-remote://${new URL(serverUrl).host}${path}`;
  let url = `${serverUrl}/?folder=${encodeURIComponent(folder)}`;
  if (payload !== undefined) {
    const entries: [string, string][] = [];
    if (payload.extensionDevelopmentPath !== undefined) entries.push(['extensionDevelopmentPath', remote(payload.extensionDevelopmentPath)]);
    if (payload.extensionTestsPath !== undefined) entries.push(['extensionTestsPath', remote(payload.extensionTestsPath)]);
    url += `&payload=${encodeURIComponent(JSON.stringify(entries))}`;
  }
  return url;
}

export interface TestRunResult {
  exitCode: number;
  log: string[];
}

/**
 * Opens the workbench with an in-host test run and resolves with the exit code the workbench
 * reports through `codeAutomationExit` (the smoke-test driver's hook).
 */
export async function runInHostTests(page: Page, url: string, onLog: (line: string) => void, deadlineMs: number): Promise<TestRunResult> {
  const log: string[] = [];
  let exit: (code: number) => void = () => undefined;
  const exited = new Promise<number>((resolve) => {
    exit = resolve;
  });
  await page.exposeFunction('codeAutomationLog', (type: unknown, args: unknown) => {
    const line = Array.isArray(args) ? format(...(args as unknown[])) : String(args);
    log.push(line);
    onLog(type === 'error' ? `[error] ${line}` : line);
  });
  await page.exposeFunction('codeAutomationExit', (code: unknown) => {
    exit(typeof code === 'number' ? code : 1);
  });
  await page.goto(url);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<number>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`the in-host test run did not finish within ${deadlineMs / 1000} s`)), deadlineMs);
  });
  try {
    return { exitCode: await Promise.race([exited, deadline]), log };
  } finally {
    clearTimeout(timer);
  }
}
