export * from '../dist/devcluster.js';
