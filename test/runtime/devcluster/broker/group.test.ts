// The group state machine on its own: generations, member ids, rebalance and session timeouts.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { Group, type JoinRequest } from '../../../../runtime/src/devcluster/broker/group';
import { ErrorCode } from '../../../../runtime/src/devcluster/protocol/error-codes';

const req = (memberId: string, over: Partial<JoinRequest> = {}): JoinRequest => ({
  memberId, groupInstanceId: null, clientId: 'c', clientHost: '127.0.0.1', sessionTimeoutMs: 1000,
  rebalanceTimeoutMs: 200, protocolType: 'consumer', protocols: [{ name: 'range', metadata: Buffer.from([1]) }], ...over,
});

/** Resolves when the group reaches `state` (checked on each change). */
function stateChanges(): { group: Group; reach: (state: string) => Promise<void> } {
  const waiters: { state: string; resolve: () => void }[] = [];
  const group = new Group('g', { initialRebalanceDelayMs: 10 }, (g) => {
    for (const w of [...waiters]) if (w.state === g.state) { waiters.splice(waiters.indexOf(w), 1); w.resolve(); }
  });
  return { group, reach: (state) => (group.state === state ? Promise.resolve() : new Promise((resolve) => waiters.push({ state, resolve }))) };
}

test('a new member gets MEMBER_ID_REQUIRED with an id, then joins as leader of generation 1', async () => {
  const { group } = stateChanges();
  const first = await group.join(req(''), true);
  assert.equal(first.errorCode, ErrorCode.MEMBER_ID_REQUIRED);
  assert.notEqual(first.memberId, '');
  const joined = await group.join(req(first.memberId), true);
  assert.deepEqual([joined.errorCode, joined.generationId, joined.leader, joined.members.length], [0, 1, first.memberId, 1]);
  assert.equal((await group.join(req('made-up'), true)).errorCode, ErrorCode.UNKNOWN_MEMBER_ID);
  const sync = await group.sync(first.memberId, 1, [{ memberId: first.memberId, assignment: Buffer.from('A') }]);
  assert.deepEqual([sync.errorCode, sync.assignment.toString()], [0, 'A']);
  assert.equal(group.state, 'Stable');
  assert.equal(group.heartbeat(first.memberId, 0), ErrorCode.ILLEGAL_GENERATION);
  assert.equal(group.heartbeat(first.memberId, 1), 0);
  group.shutdown();
});

test('a second member triggers generation 2; a member that does not rejoin is dropped at the rebalance timeout', async () => {
  const { group, reach } = stateChanges();
  const a = await group.join(req('', {}), false);
  await group.sync(a.memberId, 1, []);
  const bJoin = group.join(req('', {}), false);
  await reach('PreparingRebalance');
  assert.equal(group.heartbeat(a.memberId, 1), ErrorCode.REBALANCE_IN_PROGRESS);
  // `a` never rejoins: after the rebalance timeout (200 ms) generation 2 has only `b`.
  const b = await bJoin;
  assert.deepEqual([b.errorCode, b.generationId, b.leader === b.memberId], [0, 2, true]);
  assert.deepEqual([...group.members.keys()], [b.memberId]);
  assert.equal(group.heartbeat(a.memberId, 2), ErrorCode.UNKNOWN_MEMBER_ID);
  group.shutdown();
});

test('a member whose heartbeats stop is evicted after its session timeout; leaving empties the group', async () => {
  const { group, reach } = stateChanges();
  const a = await group.join(req(''), false);
  await group.sync(a.memberId, 1, []);
  const bJoin = group.join(req(''), false);
  const aRejoin = group.join(req(a.memberId), false);
  const [b, a2] = await Promise.all([bJoin, aRejoin]);
  assert.deepEqual([b.generationId, a2.generationId, a2.leader], [2, 2, a.memberId]);
  const assignments = [{ memberId: a.memberId, assignment: Buffer.from('x') }, { memberId: b.memberId, assignment: Buffer.from('y') }];
  const [sb, sa] = await Promise.all([group.sync(b.memberId, 2, []), group.sync(a.memberId, 2, assignments)]);
  assert.deepEqual([sb.assignment.toString(), sa.assignment.toString()], ['y', 'x']);
  // Only `a` heartbeats (as its client would); `b` falls silent and is evicted after 1 s.
  const beat = setInterval(() => group.heartbeat(a.memberId, group.generationId), 100);
  try {
    await reach('PreparingRebalance');
    assert.deepEqual([...group.members.keys()], [a.memberId]);
  } finally {
    clearInterval(beat);
  }
  const rejoined = await group.join(req(a.memberId), false);
  assert.deepEqual([rejoined.generationId, rejoined.members.length], [3, 1]);
  assert.equal(group.leave(a.memberId), 0);
  assert.equal(group.state, 'Empty');
  assert.equal(group.leave(a.memberId), ErrorCode.UNKNOWN_MEMBER_ID);
  group.shutdown();
});

test('joins with a different protocol type or no common protocol are rejected', async () => {
  const { group } = stateChanges();
  await group.join(req(''), false);
  assert.equal((await group.join(req('', { protocolType: 'connect' }), false)).errorCode, ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
  assert.equal((await group.join(req('', { protocols: [{ name: 'other', metadata: Buffer.alloc(0) }] }), false)).errorCode, ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
  assert.equal((await group.join(req('', { sessionTimeoutMs: 10 }), false)).errorCode, ErrorCode.INVALID_SESSION_TIMEOUT);
  group.shutdown();
});

test('TxnOffsetCommit v3 checks (KIP-447, as Kafka validateOffsetCommit with isTransactional): no metadata passes; unknown member, old generation and a static instance id held by another member are refused; CompletingRebalance is allowed', async () => {
  const { group } = stateChanges();
  assert.equal(group.txnCommitCheck('', null, -1), 0, 'v0-v2 (or a producer without a consumer) name no member');
  const a = await group.join(req('', { groupInstanceId: 'instance-a' }), false);
  assert.equal(group.state, 'CompletingRebalance');
  assert.equal(group.txnCommitCheck(a.memberId, 'instance-a', 1), 0, 'no REBALANCE_IN_PROGRESS for transactional commits');
  await group.sync(a.memberId, 1, []);
  assert.equal(group.txnCommitCheck(a.memberId, 'instance-a', 1), 0);
  assert.equal(group.txnCommitCheck(a.memberId, null, 1), 0);
  assert.equal(group.txnCommitCheck(a.memberId, 'instance-a', 0), ErrorCode.ILLEGAL_GENERATION);
  assert.equal(group.txnCommitCheck('gone-member', null, 1), ErrorCode.UNKNOWN_MEMBER_ID);
  assert.equal(group.txnCommitCheck('', null, 1), ErrorCode.UNKNOWN_MEMBER_ID, 'a generation without a member');
  assert.equal(group.txnCommitCheck('another-member', 'instance-a', 1), ErrorCode.FENCED_INSTANCE_ID);
  assert.equal(group.txnCommitCheck('another-member', 'instance-unknown', 1), ErrorCode.UNKNOWN_MEMBER_ID);
  group.shutdown();
  group.state = 'Dead';
  assert.equal(group.txnCommitCheck(a.memberId, null, 1), ErrorCode.COORDINATOR_NOT_AVAILABLE);
});
