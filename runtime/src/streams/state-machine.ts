// The Kafka Streams client state machine (KafkaStreams.State) with its legal transitions.
export type StreamsState = 'CREATED' | 'REBALANCING' | 'RUNNING' | 'PENDING_SHUTDOWN' | 'NOT_RUNNING' | 'PENDING_ERROR' | 'ERROR';

const LEGAL: Record<StreamsState, readonly StreamsState[]> = {
  CREATED: ['REBALANCING', 'PENDING_SHUTDOWN'],
  REBALANCING: ['RUNNING', 'REBALANCING', 'PENDING_SHUTDOWN', 'PENDING_ERROR'],
  RUNNING: ['REBALANCING', 'RUNNING', 'PENDING_SHUTDOWN', 'PENDING_ERROR'],
  PENDING_SHUTDOWN: ['NOT_RUNNING'],
  NOT_RUNNING: [],
  PENDING_ERROR: ['ERROR'],
  ERROR: [],
};

export type StateListener = (newState: StreamsState, oldState: StreamsState) => void;

export class IllegalStateTransitionError extends Error {
  override name = 'IllegalStateTransitionError';
}

export class StateMachine {
  private current: StreamsState = 'CREATED';
  private readonly listeners: StateListener[] = [];

  get state(): StreamsState {
    return this.current;
  }

  canTransition(to: StreamsState): boolean {
    return LEGAL[this.current].includes(to);
  }

  /** Moves to `to`; same-state REBALANCING/RUNNING is a no-op for listeners. Throws on illegal moves. */
  transition(to: StreamsState): void {
    if (!this.canTransition(to)) throw new IllegalStateTransitionError(`illegal KafkaStreams state transition ${this.current} -> ${to}`);
    const from = this.current;
    if (from === to) return;
    this.current = to;
    for (const listener of [...this.listeners]) listener(to, from);
  }

  /** Transition only when legal; returns whether it happened. */
  tryTransition(to: StreamsState): boolean {
    if (!this.canTransition(to)) return false;
    this.transition(to);
    return true;
  }

  onChange(listener: StateListener): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }
}
