export * from './topology-model';
export * from './streams-events';
export * from '../lag';
export * from './operator-catalog';
export * from './deployment-config';
// Light constants for tools that must not load the broker (the CLI's usage text).
export { DEFAULT_PARTITIONS, DEFAULT_PORT } from '../devcluster/defaults';
