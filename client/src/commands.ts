// THE command table: every command the extension contributes, its title, when it is enabled, what
// it needs, and what it does. package.json's `contributes.commands` and `menus` are checked against
// it by a test. This module imports only types, so the table is testable in node.
import { Commands, type CommandId } from '../../server/src/protocol';
import type { Ctx } from './ctx';

/** Context keys the extension sets (`setContext`); enablement clauses read them. */
export const ContextKeys = {
  /** At least one run is alive (starting or running). */
  hasRuns: 'streamwise.hasRuns',
  /** The window's dev cluster is running. */
  devClusterRunning: 'streamwise.devClusterRunning',
  /** The language server runs (the editor's ▶ Run Topology button shows). */
  serverRunning: 'streamwise.serverRunning',
} as const;

export type ContextState = Record<keyof typeof ContextKeys, boolean>;

/**
 * What a command needs before it does anything. 'trust': it runs workspace code or talks to a
 * cluster, so it is refused (with a message saying so) in an untrusted workspace; the command
 * stays enabled there so that the refusal is visible rather than a greyed-out entry.
 */
export type Need = 'trust';

export interface CommandSpec {
  id: CommandId;
  /** Shown as "Streamwise: <title>" (category Streamwise). */
  title: string;
  /** Codicon for view and editor title buttons. */
  icon?: string;
  /** Enabled only when these context keys are true. */
  enabledWhen?: readonly (keyof ContextState)[];
  needs?: readonly Need[];
  /** Hidden from the command palette (internal, or meaningless without an argument). */
  hiddenFromPalette?: boolean;
  /** Why a refused command refuses, in the user's words. */
  trustReason?: string;
  run(ctx: Ctx, ...args: unknown[]): Promise<void>;
}

export const commandTable: readonly CommandSpec[] = [
  {
    id: Commands.runTopology,
    title: 'Run Topology',
    icon: '$(play)',
    needs: ['trust'],
    trustReason: 'running a topology runs code from this workspace',
    run: (ctx, args) => ctx.runs.runTopology(args),
  },
  {
    id: Commands.stopRun,
    title: 'Stop Run',
    icon: '$(debug-stop)',
    enabledWhen: ['hasRuns'],
    run: (ctx, arg) => ctx.runs.stopRun(arg),
  },
  {
    id: Commands.showGraph,
    title: 'Show Topology Graph',
    icon: '$(type-hierarchy)',
    run: (ctx, args) => ctx.graph.showTopology(args),
  },
  {
    id: Commands.startDevCluster,
    title: 'Start Dev Cluster',
    icon: '$(server-process)',
    needs: ['trust'],
    trustReason: 'the dev cluster is a local broker process started for this workspace',
    run: (ctx) => ctx.devCluster.startCommand(),
  },
  {
    id: Commands.stopDevCluster,
    title: 'Stop Dev Cluster',
    icon: '$(debug-stop)',
    enabledWhen: ['devClusterRunning'],
    run: (ctx) => ctx.devCluster.stopCommand(),
  },
  {
    id: Commands.showLag,
    title: 'Show Lag',
    icon: '$(graph-line)',
    needs: ['trust'],
    trustReason: 'showing lag connects to the cluster',
    run: (ctx, arg) => ctx.graph.showLag(groupIdOf(arg)),
  },
  {
    id: Commands.showRunOutput,
    title: 'Show Run Output',
    icon: '$(output)',
    run: (ctx, arg) => ctx.runs.showOutput(arg),
  },
  {
    id: Commands.refreshView,
    title: 'Refresh',
    icon: '$(refresh)',
    hiddenFromPalette: true,
    run: (ctx) => ctx.view.refresh(),
  },
  {
    id: Commands.restartServer,
    title: 'Restart Language Server',
    run: (ctx) => ctx.languageServer.restart(),
  },
  {
    id: Commands.showServerLog,
    title: 'Show Language Server Log',
    run: (ctx) => ctx.languageServer.showLog(),
  },
  {
    id: Commands.openExample,
    title: 'Open Walkthrough Example',
    run: (ctx, arg) => ctx.openExample(arg),
  },
];

/** Show Lag's argument: a group id, or a Streamwise view item of a group. */
function groupIdOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  const id: unknown = typeof arg === 'object' && arg !== null ? Reflect.get(arg, 'groupId') : undefined;
  return typeof id === 'string' ? id : undefined;
}

/** The `enablement` clause of a command in package.json (undefined: always enabled). */
export function enablementClause(spec: CommandSpec): string | undefined {
  if (spec.enabledWhen === undefined || spec.enabledWhen.length === 0) return undefined;
  return spec.enabledWhen.map((key) => ContextKeys[key]).join(' && ');
}

export function isEnabled(spec: CommandSpec, state: ContextState): boolean {
  return (spec.enabledWhen ?? []).every((key) => state[key]);
}

/** The refusal message when the command may not run now; undefined when it may. */
export function refusal(spec: CommandSpec, trusted: boolean): string | undefined {
  if (trusted || !(spec.needs ?? []).includes('trust')) return undefined;
  return `Streamwise: ${spec.title} needs a trusted workspace (${spec.trustReason ?? 'it runs code from this workspace'}). Analysis, hover, CodeLens and the graph work without trust.`;
}

export function commandSpec(id: string): CommandSpec | undefined {
  return commandTable.find((c) => c.id === id);
}
