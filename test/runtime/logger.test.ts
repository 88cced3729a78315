import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { consoleLogger } from '../../runtime/src/logger';

test('consoleLogger writes messages at and above its level, with fields as JSON', () => {
  const lines: string[] = [];
  const logger = consoleLogger('warn', (line) => lines.push(line));
  logger.info('hidden');
  logger.warn('shown', { topic: 't' });
  logger.error('also shown');
  assert.deepEqual(lines, ['[warn] shown {"topic":"t"}\n', '[error] also shown\n']);
});
