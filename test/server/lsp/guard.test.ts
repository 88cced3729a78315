import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { guard, guardVoid } from '../../../server/src/lsp/guard';

test('guard answers the empty value and logs the stack when the handler throws', async () => {
  const logged: string[] = [];
  const handler = guard({ error: (m) => logged.push(m) }, 'hover', () => null, (x: number): number => {
    if (x > 1) throw new Error('bad code');
    return x;
  });
  assert.equal(await handler(1), 1);
  assert.equal(await handler(2), null);
  assert.equal(logged.length, 1);
  assert.match(logged[0] ?? '', /hover failed: Error: bad code\n\s+at /);
});

test('guard rethrows errors meant for the client (cancellation)', async () => {
  const cancelled = new Error('cancelled');
  const handler = guard({ error: () => assert.fail('not logged') }, 'pull', () => [], async () => {
    throw cancelled;
  }, (e) => e === cancelled);
  await assert.rejects(handler(), cancelled);
});

test('guardVoid catches rejected async notification handlers', async () => {
  let resolveLogged: (m: string) => void = () => {};
  const logged = new Promise<string>((resolve) => (resolveLogged = resolve));
  guardVoid({ error: (m) => resolveLogged(m) }, 'didChange', async () => {
    throw new Error('boom');
  })();
  assert.match(await logged, /didChange failed: Error: boom/);
});
