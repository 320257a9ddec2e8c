export * from './lib/policy/plugin';
