// Apps: `new KafkaStreams(topology, config)` and their statically resolved config.
import { Node, type NewExpression } from 'ts-morph';
import type { AppModel, ExceptionHandlerModel } from 'streamwise/model';
import { callLocationStart, locationOf } from '../locations';
import { resolveObjectProperties, UNKNOWN, type ObjectProperties, type Resolved } from '../values';
import type { BuilderState } from './types';

export interface ConfigProperty { value: Resolved; node: Node }

export interface AppState {
  newExpr: NewExpression;
  /** Resolved config properties; undefined when the config object cannot be read statically. */
  config: ObjectProperties | undefined;
  builder?: BuilderState;
  /** More than one topology may flow into the app: then which one runs is unknown. */
  ambiguousTopology: boolean;
}

/** The app's statically resolved config object (undefined when it cannot be read). */
export function resolveAppConfig(newExpr: NewExpression): ObjectProperties | undefined {
  return resolveObjectProperties(newExpr.getArguments()[1]);
}

/** `configOf` lets the caller reuse configs resolved by an earlier analysis. */
export function appStates(apps: NewExpression[], builders: BuilderState[], configOf: (newExpr: NewExpression) => ObjectProperties | undefined = resolveAppConfig): AppState[] {
  return apps.map((newExpr) => {
    const owners = builders.filter((b) => b.apps.has(newExpr));
    const config = configOf(newExpr);
    return { newExpr, config, ...(owners.length === 1 && owners[0] !== undefined ? { builder: owners[0] } : {}), ambiguousTopology: owners.length > 1 };
  });
}

export function configValue(app: AppState, key: string): Resolved | typeof ABSENT {
  if (app.config === undefined) return UNKNOWN;
  const prop = app.config.get(key);
  // After a spread that cannot be read, an unset key may still be set by it.
  if (prop === undefined) return app.config.openEnded === true ? UNKNOWN : ABSENT;
  return prop.value;
}

/** A property that is not set (as opposed to set to something unknown). */
export const ABSENT: unique symbol = Symbol('absent');

export function handlerOf(app: AppState, key: string): ExceptionHandlerModel | typeof UNKNOWN | typeof ABSENT {
  const v = configValue(app, key);
  if (v === ABSENT || v === UNKNOWN) return v;
  if (v === 'fail' || v === 'continue') return v;
  if (typeof v === 'object' && v !== null && !Array.isArray(v) && typeof v.deadLetterTopic === 'string') return { deadLetterTopic: v.deadLetterTopic };
  return UNKNOWN;
}

export function toAppModel(app: AppState): AppModel {
  const model: AppModel = { location: locationOf(app.newExpr, callLocationStart(app.newExpr)) };
  const str = (k: string): string | undefined => {
    const v = configValue(app, k);
    return typeof v === 'string' ? v : undefined;
  };
  const applicationId = str('applicationId');
  if (applicationId !== undefined) model.applicationId = applicationId;
  const servers = configValue(app, 'bootstrapServers');
  if (Array.isArray(servers) && servers.every((s) => typeof s === 'string')) model.bootstrapServers = servers as string[];
  const threads = configValue(app, 'numStreamThreads');
  if (typeof threads === 'number') model.numStreamThreads = threads;
  const guarantee = str('processingGuarantee');
  if (guarantee === 'at_least_once' || guarantee === 'exactly_once_v2') model.processingGuarantee = guarantee;
  for (const key of ['processingExceptionHandler', 'deserializationExceptionHandler'] as const) {
    const h = handlerOf(app, key);
    if (h !== UNKNOWN && h !== ABSENT) model[key] = h;
  }
  const production = str('productionExceptionHandler');
  if (production === 'fail' || production === 'continue') model.productionExceptionHandler = production;
  return model;
}
