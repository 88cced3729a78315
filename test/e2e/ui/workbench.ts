// Driving the web workbench the way a user does: quick open, the command palette, panels.
import type { Locator, Page } from 'playwright-core';

export async function openWorkbench(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible', timeout: 60_000 });
  // The explorer lists the folder once the remote file system answers.
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ state: 'visible', timeout: 60_000 });
}

async function quickInput(page: Page, keys: string, text: string): Promise<Locator> {
  const widget = page.locator('.quick-input-widget');
  await page.keyboard.press(keys);
  await widget.waitFor({ state: 'visible' });
  const input = widget.locator('input');
  await input.fill(text);
  return widget;
}

/** Runs a command from the palette by its full title ("Streamwise: Run Topology"). */
export async function runCommand(page: Page, title: string): Promise<void> {
  const widget = await quickInput(page, 'F1', `>${title}`);
  const row = widget.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ state: 'visible', timeout: 30_000 });
  await row.click();
  await widget.waitFor({ state: 'hidden' }).catch(() => undefined);
}

/** Opens a workspace file through Quick Open and waits for its editor. */
export async function openFile(page: Page, relativePath: string): Promise<void> {
  const name = relativePath.split('/').pop() ?? relativePath;
  const widget = await quickInput(page, 'Control+P', relativePath);
  const row = widget.locator('.quick-input-list .monaco-list-row', { hasText: name }).first();
  await row.waitFor({ state: 'visible', timeout: 30_000 });
  await row.click();
  await page.locator(`.tabs-container .tab.active[aria-label*="${name}"]`).waitFor({ state: 'visible' });
  await page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor({ state: 'visible' });
}
