/** Standalone construction-time checks (pure functions, each rule citing its source). */
export * from './gateway';
export * from './names';
export * from './network';
export * from './quantity';
export * from './runtime-types';
export * from './secret-values';
export * from './yaml-safe';
