// A minimal event emitter with vscode's Event shape (listener -> disposable), so the run manager
// stays vscode-free and its events plug straight into vscode code.
export interface Disposable {
  dispose(): void;
}

export type Event<T> = (listener: (value: T) => void) => Disposable;

export class Emitter<T> {
  private readonly listeners = new Set<(value: T) => void>();

  readonly event: Event<T> = (listener) => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };

  fire(value: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch {
        // A listener's failure is its own; the others still hear the event.
      }
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}
