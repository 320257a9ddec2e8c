export * from './autoscaling';
export * from './env';
export * from './fastapi-service';
export * from './ingress';
export * from './load-test';
export * from './init';
export * from './probes';
export * from './props';
export { FastApiValidationError } from './_validate';
