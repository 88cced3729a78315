export * from './topology-model';
