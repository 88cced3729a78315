export * from '../dist/model/index.js';
