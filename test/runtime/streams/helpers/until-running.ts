// Resolves once the app is RUNNING: every assigned task has restored its stores, so interactive
// queries answer from the whole state (before that they throw InvalidStateStoreError).
import type { KafkaStreams } from 'streamwise';

export function untilRunning(app: KafkaStreams): Promise<void> {
  if (app.state === 'RUNNING') return Promise.resolve();
  return new Promise((resolve) => {
    const off = app.onStateChange((state) => {
      if (state === 'RUNNING') { off(); resolve(); }
    });
  });
}
