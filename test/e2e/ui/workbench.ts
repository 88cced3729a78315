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
  const input = widget.locator('input');
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press(keys);
    // A webview that was just (re)created can swallow the key: no widget, so press it again.
    const opened = await widget.waitFor({ state: 'visible', timeout: attempt === 3 ? 30_000 : 5_000 }).then(() => true, (error: unknown) => {
      if (attempt === 3) throw error;
      return false;
    });
    if (!opened) continue;
    // Focus coming back from a webview or a closing dialog can close the widget right after it
    // opened (seen after Save as SVG): then open it again. A fill that fails while it stays open fails.
    const filled = input.fill(text).then(() => 'filled' as const);
    const closed = widget.waitFor({ state: 'hidden', timeout: 30_000 }).then(() => 'closed' as const, () => 'open' as const);
    const outcome = await Promise.race([filled, closed.then((c) => (c === 'closed' ? c : filled))]);
    if (outcome === 'filled') return widget;
    filled.catch(() => undefined);
    if (attempt === 3) throw new Error(`the quick input closed under "${text}" three times`);
  }
}

/** Runs a command from the palette by its full title ("Streamwise: Run Topology"). */
export async function runCommand(page: Page, title: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const widget = await quickInput(page, 'F1', `>${title}`);
    const row = widget.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    await row.waitFor({ state: 'visible', timeout: 30_000 });
    try {
      await row.click({ timeout: 10_000 });
      break;
    } catch (error) {
      // Focus moving away (a webview, a notification) can close the palette under the click (seen
      // in CI after Save as SVG): open it again; a row that is still there and will not click is a failure.
      if (attempt === 3 || await row.isVisible()) throw error;
    }
  }
  // Done when the palette closed, or the command opened its own quick pick (the input no longer
  // holds the palette's `>title`).
  await page.waitForFunction(`(() => {
    const widget = document.querySelector('.quick-input-widget');
    if (widget === null || widget.style.display === 'none' || widget.offsetParent === null) return true;
    const input = widget.querySelector('input');
    return input === null || input.value !== ${JSON.stringify(`>${title}`)};
  })()`, undefined, { timeout: 30_000 });
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

/** A status bar entry whose text matches, once it shows. */
export async function statusBarText(page: Page, pattern: RegExp, timeoutMs = 60_000): Promise<string> {
  // Source text, not a function: tsx's name-keeping helpers do not exist in the page.
  const handle = await page.waitForFunction(`(() => {
    const re = new RegExp(${JSON.stringify(pattern.source)});
    for (const item of document.querySelectorAll('.part.statusbar .statusbar-item')) {
      const text = item.innerText.trim();
      if (re.test(text)) return text;
    }
    return undefined;
  })()`, undefined, { timeout: timeoutMs });
  return String(await handle.jsonValue());
}

/** Picks an entry of the open quick pick by its label. */
export async function pickQuickItem(page: Page, label: string | RegExp): Promise<void> {
  const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: label }).first();
  await row.waitFor({ state: 'visible', timeout: 30_000 });
  await row.click();
}

/** Moves the cursor of the active editor to a 1-based line and column. */
export async function goToLine(page: Page, line: number, column = 1): Promise<void> {
  const widget = await quickInput(page, 'Control+G', `:${line}:${column}`);
  await page.keyboard.press('Enter');
  await widget.waitFor({ state: 'hidden' });
}

// Headless windows have no focus, so the workbench keeps notifications in the notification
// center instead of showing toasts; each one is also announced in the ARIA live region.
async function openNotificationCenter(page: Page): Promise<Locator> {
  const center = page.locator('.notifications-center');
  if (!(await center.isVisible())) await runCommand(page, 'Notifications: Show Notifications');
  await center.waitFor({ state: 'visible' });
  return center;
}

/** Waits for a notification whose message matches (announced, or listed in the center). */
export async function waitForNotification(page: Page, pattern: RegExp, timeoutMs = 60_000): Promise<string> {
  const handle = await page.waitForFunction(`(() => {
    const re = new RegExp(${JSON.stringify(pattern.source)});
    for (const el of document.querySelectorAll('.monaco-aria-container .monaco-alert, .notification-list-item-message')) {
      const text = (el.textContent || '').replace(/^(Warning|Error|Info): /, '');
      if (re.test(text)) return text;
    }
    return undefined;
  })()`, undefined, { timeout: timeoutMs });
  return String(await handle.jsonValue());
}

/** Every notification's message, from the notification center. */
export async function allNotifications(page: Page): Promise<string[]> {
  const center = await openNotificationCenter(page);
  return center.locator('.notification-list-item-message').allInnerTexts();
}

/** Resolves once no status bar entry matches (an item that went away). */
export async function statusBarGone(page: Page, pattern: RegExp, timeoutMs = 60_000): Promise<void> {
  await page.waitForFunction(`![...document.querySelectorAll('.part.statusbar .statusbar-item')].some((i) => new RegExp(${JSON.stringify(pattern.source)}).test(i.innerText))`, undefined, { timeout: timeoutMs });
}
