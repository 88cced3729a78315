export * from './model';
export * from './logger';
