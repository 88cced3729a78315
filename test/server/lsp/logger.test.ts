import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { connectionLogger } from '../../../server/src/lsp/logger';

test('the analyzer logger writes to the connection console; debug only when trace is verbose', () => {
  const lines: string[] = [];
  const sink = {
    error: (m: string) => lines.push(`E ${m}`),
    warn: (m: string) => lines.push(`W ${m}`),
    info: (m: string) => lines.push(`I ${m}`),
    log: (m: string) => lines.push(`L ${m}`),
  };
  let verbose = false;
  const logger = connectionLogger(sink, () => verbose);
  logger.debug('hidden');
  logger.info('hello', { file: 'a.ts' });
  logger.error('bad');
  verbose = true;
  logger.debug('shown');
  assert.deepEqual(lines, ['I hello {"file":"a.ts"}', 'E bad', 'L shown']);
});
