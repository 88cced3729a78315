export * from './topology-model';
export * from './streams-events';
export * from '../lag';
export * from './operator-catalog';
export * from './deployment-config';
