// Renders packaging/icon.svg to the 128x128 packaging/icon.png the manifest names, in Debian's
// chromium through playwright-core. Run by hand after editing the SVG: `node packaging/render-icon.mjs`.
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const here = new URL('.', import.meta.url).pathname;
const svg = readFileSync(`${here}icon.svg`, 'utf8');
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: 128, height: 128 } });
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg.replace('width="256" height="256"', 'width="128" height="128"')}</body></html>`);
  await page.locator('svg').screenshot({ path: `${here}icon.png`, omitBackground: true });
} finally {
  await browser.close();
}
