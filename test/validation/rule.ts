import { FastApiServiceProps } from '../../lib';

/**
 * One rule of the catalogue of invalid input: a compliant and a non-compliant case; the error must
 * be ours and name the prop, the value and what is allowed.
 */
export interface Rule {
  readonly rule: string;
  readonly valid: Partial<FastApiServiceProps>;
  readonly invalid: Partial<FastApiServiceProps>;
  /** The prop and the offending value, as the message must show them. */
  readonly message: RegExp;
}
