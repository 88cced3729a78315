import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { clock, languageStatus } from '../../../client/src/lsp/status-text';

const at = new Date(2026, 0, 2, 9, 5, 7).getTime();

test('running with analyses: findings summed over folders, time and duration of the latest', () => {
  const view = languageStatus('running', [
    { folderUri: 'file:///a', findings: { error: 1, warning: 2, info: 0 }, time: at - 1000, durationMs: 40 },
    { folderUri: 'file:///b', findings: { error: 0, warning: 0, info: 1 }, time: at, durationMs: 120.4 },
  ]);
  assert.deepEqual(view, { text: 'Streamwise: 4 findings', detail: 'running · last analysis 09:05:07 (120 ms)', severity: 'error', busy: false });
  assert.equal(languageStatus('running', [{ folderUri: 'file:///a', findings: { error: 0, warning: 0, info: 1 }, time: at, durationMs: 1 }]).text, 'Streamwise: 1 finding');
  assert.equal(languageStatus('running', [{ folderUri: 'file:///a', findings: { error: 0, warning: 0, info: 0 }, time: at, durationMs: 1 }]).severity, 'information');
});

test('server states other than running say so', () => {
  assert.equal(languageStatus('starting', []).busy, true);
  assert.equal(languageStatus('running', []).text, 'Streamwise: analysing');
  assert.deepEqual(languageStatus('failed', [], 'spawn ENOENT'), { text: 'Streamwise: failed', detail: 'spawn ENOENT', severity: 'error', busy: false });
  assert.equal(languageStatus('not started', []).text, 'Streamwise: idle');
  assert.equal(clock(at), '09:05:07');
});
