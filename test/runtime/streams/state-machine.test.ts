import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { IllegalStateTransitionError, StateMachine } from '../../../runtime/src/streams/state-machine';

test('the normal life cycle notifies listeners with (new, old)', () => {
  const m = new StateMachine();
  const seen: string[] = [];
  m.onChange((s, o) => seen.push(`${o}->${s}`));
  for (const s of ['REBALANCING', 'RUNNING', 'REBALANCING', 'RUNNING', 'PENDING_SHUTDOWN', 'NOT_RUNNING'] as const) m.transition(s);
  assert.deepEqual(seen, ['CREATED->REBALANCING', 'REBALANCING->RUNNING', 'RUNNING->REBALANCING', 'REBALANCING->RUNNING', 'RUNNING->PENDING_SHUTDOWN', 'PENDING_SHUTDOWN->NOT_RUNNING']);
});

test('the error path ends in ERROR, and terminal states stay terminal', () => {
  const m = new StateMachine();
  m.transition('REBALANCING');
  m.transition('PENDING_ERROR');
  assert.throws(() => m.transition('RUNNING'), IllegalStateTransitionError);
  m.transition('ERROR');
  assert.equal(m.tryTransition('PENDING_SHUTDOWN'), false);
  assert.equal(m.state, 'ERROR');
});

test('illegal transitions throw with both states named', () => {
  const m = new StateMachine();
  assert.throws(() => m.transition('RUNNING'), /CREATED -> RUNNING/);
  m.transition('PENDING_SHUTDOWN');
  assert.throws(() => m.transition('REBALANCING'), /PENDING_SHUTDOWN -> REBALANCING/);
});
