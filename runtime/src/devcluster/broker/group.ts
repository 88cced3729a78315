// One consumer group's rebalance state machine (Empty -> PreparingRebalance ->
// CompletingRebalance -> Stable), with generations, a short delayed initial rebalance,
// rebalance timeouts and session timeouts that evict dead members.
import { ErrorCode } from '../protocol/error-codes';

export type GroupState = 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable' | 'Dead';

export interface Protocol { name: string; metadata: Buffer }

export interface JoinResult {
  errorCode: number; generationId: number; protocolName: string; leader: string; memberId: string;
  members: { memberId: string; groupInstanceId: string | null; metadata: Buffer }[];
}

export interface Member {
  memberId: string; groupInstanceId: string | null; clientId: string; clientHost: string;
  sessionTimeoutMs: number; rebalanceTimeoutMs: number; protocolType: string; protocols: Protocol[];
  assignment: Buffer;
  joinWaiter: ((r: JoinResult) => void) | undefined;
  syncWaiter: ((r: { errorCode: number; assignment: Buffer }) => void) | undefined;
  sessionTimer: NodeJS.Timeout | undefined;
}

export interface JoinRequest {
  memberId: string; groupInstanceId: string | null; clientId: string; clientHost: string;
  sessionTimeoutMs: number; rebalanceTimeoutMs: number; protocolType: string; protocols: Protocol[];
}

export interface GroupTimings { initialRebalanceDelayMs: number }

let nextMemberSeq = 0;
const MAX_REBALANCE_TIMEOUT_MS = 600_000;

export class Group {
  state: GroupState = 'Empty';
  generationId = 0;
  protocolType = '';
  protocolName = '';
  leader = '';
  readonly members = new Map<string, Member>();
  /** Member ids handed out with MEMBER_ID_REQUIRED, accepted on the next join. */
  private readonly pendingIds = new Set<string>();
  private rebalanceTimer: NodeJS.Timeout | undefined;

  constructor(readonly groupId: string, private readonly timings: GroupTimings, private readonly onChange: (g: Group) => void = () => {}) {}

  newMemberId(clientId: string): string {
    nextMemberSeq += 1;
    return `${clientId || 'member'}-${Date.now().toString(36)}-${nextMemberSeq}`;
  }

  join(req: JoinRequest, requireKnownId: boolean): Promise<JoinResult> {
    const fail = (errorCode: number, memberId = req.memberId): Promise<JoinResult> =>
      Promise.resolve({ errorCode, generationId: -1, protocolName: '', leader: '', memberId, members: [] });
    if (this.state === 'Dead') return fail(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    if (req.sessionTimeoutMs < 1000 || req.sessionTimeoutMs > 3_600_000) return fail(ErrorCode.INVALID_SESSION_TIMEOUT);
    if (this.members.size > 0 && (req.protocolType !== this.protocolType || !this.supportsAny(req.protocols))) {
      return fail(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    }
    let memberId = req.memberId;
    if (memberId === '') {
      memberId = this.newMemberId(req.clientId);
      if (requireKnownId) {
        this.pendingIds.add(memberId);
        return fail(ErrorCode.MEMBER_ID_REQUIRED, memberId);
      }
    } else if (!this.members.has(memberId) && !this.pendingIds.delete(memberId)) {
      return fail(ErrorCode.UNKNOWN_MEMBER_ID);
    }
    const existing = this.members.get(memberId);
    // A known member rejoining with unchanged protocols while the group is stable keeps its
    // generation (Kafka does the same for followers), unless it is the leader.
    if (existing !== undefined && this.state === 'Stable' && memberId !== this.leader && sameProtocols(existing.protocols, req.protocols)) {
      this.touch(existing);
      return Promise.resolve(this.joinResult(memberId));
    }
    const member: Member = existing ?? {
      memberId, groupInstanceId: req.groupInstanceId, clientId: req.clientId, clientHost: req.clientHost,
      sessionTimeoutMs: req.sessionTimeoutMs, rebalanceTimeoutMs: 0, protocolType: req.protocolType,
      protocols: req.protocols, assignment: Buffer.alloc(0), joinWaiter: undefined, syncWaiter: undefined, sessionTimer: undefined,
    };
    member.protocols = req.protocols;
    member.sessionTimeoutMs = req.sessionTimeoutMs;
    member.rebalanceTimeoutMs = Math.min(Math.max(req.rebalanceTimeoutMs, 0), MAX_REBALANCE_TIMEOUT_MS);
    if (this.members.size === 0) this.protocolType = req.protocolType;
    this.members.set(memberId, member);
    this.touch(member);
    return new Promise<JoinResult>((resolve) => {
      member.joinWaiter?.({ errorCode: ErrorCode.REBALANCE_IN_PROGRESS, generationId: -1, protocolName: '', leader: '', memberId, members: [] });
      member.joinWaiter = resolve;
      this.prepareRebalance();
      this.maybeCompleteJoin();
    });
  }

  private supportsAny(protocols: readonly Protocol[]): boolean {
    for (const m of this.members.values()) {
      if (!protocols.some((p) => m.protocols.some((q) => q.name === p.name))) return false;
    }
    return true;
  }

  private prepareRebalance(): void {
    if (this.state === 'PreparingRebalance') return;
    if (this.state === 'CompletingRebalance') {
      for (const m of this.members.values()) {
        m.syncWaiter?.({ errorCode: ErrorCode.REBALANCE_IN_PROGRESS, assignment: Buffer.alloc(0) });
        m.syncWaiter = undefined;
      }
    }
    const initial = this.state === 'Empty';
    this.state = 'PreparingRebalance';
    let timeout = this.timings.initialRebalanceDelayMs;
    if (!initial) for (const m of this.members.values()) timeout = Math.max(timeout, m.rebalanceTimeoutMs);
    clearTimeout(this.rebalanceTimer);
    this.rebalanceTimer = setTimeout(() => this.completeJoin(), timeout);
    this.initialDelay = initial;
    this.onChange(this);
  }

  private initialDelay = false;

  private maybeCompleteJoin(): void {
    if (this.state !== 'PreparingRebalance' || this.initialDelay) return;
    for (const m of this.members.values()) if (m.joinWaiter === undefined) return;
    this.completeJoin();
  }

  private completeJoin(): void {
    if (this.state !== 'PreparingRebalance') return;
    clearTimeout(this.rebalanceTimer);
    this.rebalanceTimer = undefined;
    this.initialDelay = false;
    // Members that did not rejoin within the rebalance timeout are gone.
    for (const m of [...this.members.values()]) if (m.joinWaiter === undefined) this.remove(m, false);
    this.generationId += 1;
    if (this.members.size === 0) {
      this.state = 'Empty';
      this.leader = '';
      this.protocolName = '';
      this.onChange(this);
      return;
    }
    if (!this.members.has(this.leader)) this.leader = this.members.keys().next().value ?? '';
    this.protocolName = this.chooseProtocol();
    this.state = 'CompletingRebalance';
    for (const m of this.members.values()) {
      const waiter = m.joinWaiter;
      m.joinWaiter = undefined;
      m.assignment = Buffer.alloc(0);
      this.touch(m);
      waiter?.(this.joinResult(m.memberId));
    }
    this.onChange(this);
  }

  private chooseProtocol(): string {
    const leader = this.members.get(this.leader);
    for (const p of leader?.protocols ?? []) {
      if ([...this.members.values()].every((m) => m.protocols.some((q) => q.name === p.name))) return p.name;
    }
    return leader?.protocols[0]?.name ?? '';
  }

  private joinResult(memberId: string): JoinResult {
    const members = memberId === this.leader
      ? [...this.members.values()].map((m) => ({
        memberId: m.memberId, groupInstanceId: m.groupInstanceId,
        metadata: m.protocols.find((p) => p.name === this.protocolName)?.metadata ?? Buffer.alloc(0),
      }))
      : [];
    return { errorCode: 0, generationId: this.generationId, protocolName: this.protocolName, leader: this.leader, memberId, members };
  }

  private check(memberId: string, generationId: number): { member?: Member; errorCode: number } {
    const member = this.members.get(memberId);
    if (member === undefined) return { errorCode: ErrorCode.UNKNOWN_MEMBER_ID };
    if (generationId !== this.generationId) return { errorCode: ErrorCode.ILLEGAL_GENERATION };
    return { member, errorCode: 0 };
  }

  sync(memberId: string, generationId: number, assignments: { memberId: string; assignment: Buffer }[]): Promise<{ errorCode: number; assignment: Buffer }> {
    const { member, errorCode } = this.check(memberId, generationId);
    const empty = Buffer.alloc(0);
    if (member === undefined || errorCode !== 0) return Promise.resolve({ errorCode, assignment: empty });
    this.touch(member);
    if (this.state === 'PreparingRebalance') return Promise.resolve({ errorCode: ErrorCode.REBALANCE_IN_PROGRESS, assignment: empty });
    if (this.state === 'Stable') return Promise.resolve({ errorCode: 0, assignment: member.assignment });
    return new Promise((resolve) => {
      member.syncWaiter = resolve;
      if (memberId !== this.leader) return;
      for (const a of assignments) {
        const m = this.members.get(a.memberId);
        if (m !== undefined) m.assignment = a.assignment;
      }
      this.state = 'Stable';
      for (const m of this.members.values()) {
        const w = m.syncWaiter;
        m.syncWaiter = undefined;
        w?.({ errorCode: 0, assignment: m.assignment });
      }
      this.onChange(this);
    });
  }

  heartbeat(memberId: string, generationId: number): number {
    const { member, errorCode } = this.check(memberId, generationId);
    if (member === undefined || errorCode !== 0) return errorCode;
    this.touch(member);
    return this.state === 'PreparingRebalance' ? ErrorCode.REBALANCE_IN_PROGRESS : 0;
  }

  /** Validates an offset commit from a group member (generation -1: a simple, memberless commit). */
  commitCheck(memberId: string, generationId: number): number {
    if (generationId < 0 && memberId === '') return this.members.size === 0 ? 0 : ErrorCode.ILLEGAL_GENERATION;
    const { member, errorCode } = this.check(memberId, generationId);
    if (member === undefined || errorCode !== 0) return errorCode;
    if (this.state === 'CompletingRebalance') return ErrorCode.REBALANCE_IN_PROGRESS;
    this.touch(member);
    return 0;
  }

  /**
   * TxnOffsetCommit v3's check (KIP-447; Kafka's GroupCoordinator.validateOffsetCommit with
   * isTransactional): a commit naming no member (v0-v2, or -1 / '' / null) is not checked; one that
   * names its member must be that member in the current generation, and a static member's instance
   * id must still belong to it. Unlike OffsetCommit, CompletingRebalance is no error.
   */
  txnCommitCheck(memberId: string, groupInstanceId: string | null, generationId: number): number {
    if (this.state === 'Dead') return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    if (generationId < 0 && memberId === '' && groupInstanceId === null) return 0;
    if (groupInstanceId !== null) {
      const holder = [...this.members.values()].find((m) => m.groupInstanceId === groupInstanceId);
      if (holder !== undefined && holder.memberId !== memberId) return ErrorCode.FENCED_INSTANCE_ID;
    }
    if (!this.members.has(memberId)) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (generationId !== this.generationId) return ErrorCode.ILLEGAL_GENERATION;
    return 0;
  }

  leave(memberId: string): number {
    const member = this.members.get(memberId);
    if (member === undefined) return ErrorCode.UNKNOWN_MEMBER_ID;
    this.remove(member, true);
    return 0;
  }

  private touch(member: Member): void {
    if (member.sessionTimer !== undefined) {
      member.sessionTimer.refresh();
      return;
    }
    member.sessionTimer = setTimeout(() => {
      // A member parked in JoinGroup is governed by the rebalance timeout instead.
      if (member.joinWaiter !== undefined) {
        member.sessionTimer?.refresh();
        return;
      }
      if (this.members.get(member.memberId) === member) this.remove(member, true);
    }, member.sessionTimeoutMs);
    member.sessionTimer.unref();
  }

  private remove(member: Member, rebalance: boolean): void {
    clearTimeout(member.sessionTimer);
    member.sessionTimer = undefined;
    this.members.delete(member.memberId);
    member.joinWaiter?.({ errorCode: ErrorCode.UNKNOWN_MEMBER_ID, generationId: -1, protocolName: '', leader: '', memberId: member.memberId, members: [] });
    member.joinWaiter = undefined;
    member.syncWaiter?.({ errorCode: ErrorCode.UNKNOWN_MEMBER_ID, assignment: Buffer.alloc(0) });
    member.syncWaiter = undefined;
    if (!rebalance) return;
    if (this.state === 'Stable' || this.state === 'CompletingRebalance') {
      if (this.members.size === 0) {
        this.generationId += 1;
        this.state = 'Empty';
        this.leader = '';
        this.onChange(this);
      } else this.prepareRebalance();
    } else if (this.state === 'PreparingRebalance') {
      if (this.members.size === 0) this.completeJoin();
      else this.maybeCompleteJoin();
    }
  }

  shutdown(): void {
    clearTimeout(this.rebalanceTimer);
    for (const m of [...this.members.values()]) this.remove(m, false);
    this.state = 'Dead';
  }
}

function sameProtocols(a: readonly Protocol[], b: readonly Protocol[]): boolean {
  return a.length === b.length && a.every((p, i) => p.name === b[i]?.name && p.metadata.equals(b[i]?.metadata ?? Buffer.alloc(0)));
}
