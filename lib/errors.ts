import { IConstruct } from 'constructs';

// Recognised by a symbol rather than by `instanceof`: jsii (Python) cannot export a class that
// extends Error, and a symbol also survives two copies of this package in one node_modules.
const VALIDATION_ERROR = Symbol.for('cdk8s-fastapi.ValidationError');

/**
 * The error every construct of this library throws for bad input: `<construct path>: <prop> must
 * be <what is allowed>, got <value>`. Not exported (jsii rejects public classes extending Error,
 * as aws-cdk-lib does for its own ValidationError): recognise it with
 * `FastApiErrors.isValidationError(e)`.
 */
class FastApiValidationError extends Error {
  /** The path of the construct whose props were rejected, or undefined for a static factory. */
  public readonly constructPath?: string;

  constructor(message: string, constructPath?: string) {
    super(constructPath ? `${constructPath}: ${message}` : message);
    Object.defineProperty(this, VALIDATION_ERROR, { value: true });
    this.name = 'FastApiValidationError';
    this.constructPath = constructPath;
  }
}

/** Tells this library's validation errors from any other error. */
export class FastApiErrors {
  /** True for an error thrown by this library because of invalid props or factory arguments. */
  public static isValidationError(error: any): boolean {
    return error !== null && typeof error === 'object' && VALIDATION_ERROR in error;
  }

  private constructor() {}
}

/** Renders a rejected value for a message. */
export function show(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (value === undefined) return 'undefined';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Throws "<prop> must be <allowed>, got <value>" (prefixed with the construct path by `validating`). */
export function reject(prop: string, value: unknown, allowed: string): never {
  throw new FastApiValidationError(`${prop} must be ${allowed}, got ${show(value)}`);
}

/** Throws a lib/checks message (`<prop> must ...`), if there is one. */
export function ensure(message: string | undefined): void {
  if (message !== undefined) throw new FastApiValidationError(message);
}

/** Rejects props that must not be combined. */
export function conflict(prop: string, value: unknown, other: string): never {
  throw new FastApiValidationError(`${prop} cannot be combined with ${other}, got ${show(value)}`);
}

/**
 * Runs a construct's validation and prefixes any validation error with the construct's path, so a
 * user with twenty services sees which one is wrong. Other errors pass through untouched.
 */
export function validating<T>(scope: IConstruct, resolve: () => T): T {
  try {
    return resolve();
  } catch (error) {
    if (error instanceof FastApiValidationError && error.constructPath === undefined) {
      throw new FastApiValidationError(error.message, scope.node.path);
    }
    throw error;
  }
}
