// Settings per resource (`streamwise.*`), fetched with workspace/configuration when the client
// supports it (else from didChangeConfiguration's payload), cached per URI until they change.
import type { Connection } from 'vscode-languageserver/node';
import { DEFAULT_SETTINGS, SETTINGS_SECTION } from '../protocol';
import type { StreamwiseSettings } from '../protocol';
import { parseRuleLevels } from '../analysis/rule-severity';

export class Settings {
  private readonly cache = new Map<string, Promise<StreamwiseSettings>>();
  private global: StreamwiseSettings = DEFAULT_SETTINGS;
  /** Last settings seen by anyone: the server's log verbosity follows them. */
  private latest: StreamwiseSettings = DEFAULT_SETTINGS;

  constructor(
    private readonly connection: Connection,
    private readonly pullSupport: boolean,
  ) {}

  get verbose(): boolean {
    return this.latest.trace.server === 'verbose';
  }

  forResource(uri: string): Promise<StreamwiseSettings> {
    if (!this.pullSupport) return Promise.resolve(this.global);
    let settings = this.cache.get(uri);
    if (settings === undefined) {
      settings = this.connection.workspace
        .getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION })
        .then((raw: unknown) => (this.latest = parseSettings(raw)))
        .catch((error: unknown) => {
          this.connection.console.warn(`streamwise: could not read settings for ${uri}: ${String(error)}`);
          this.cache.delete(uri);
          return DEFAULT_SETTINGS;
        });
      this.cache.set(uri, settings);
    }
    return settings;
  }

  /** workspace/didChangeConfiguration */
  changed(payload: unknown): void {
    this.cache.clear();
    if (!this.pullSupport && isRecord(payload)) this.latest = this.global = parseSettings(payload[SETTINGS_SECTION]);
  }
}

/** Validates untrusted settings; anything malformed falls back to its default. */
export function parseSettings(raw: unknown): StreamwiseSettings {
  if (!isRecord(raw)) return DEFAULT_SETTINGS;
  const brokers = Array.isArray(raw.brokers) ? raw.brokers.filter((b): b is string => typeof b === 'string' && b.trim() !== '').map((b) => b.trim()) : [];
  const instances = typeof raw.instances === 'number' && Number.isInteger(raw.instances) && raw.instances >= 1 ? raw.instances : DEFAULT_SETTINGS.instances;
  const traceRaw = isRecord(raw.trace) ? raw.trace.server : undefined;
  const server = traceRaw === 'messages' || traceRaw === 'verbose' ? traceRaw : 'off';
  return { brokers, instances, trace: { server }, rules: parseRuleLevels(raw.rules) };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
