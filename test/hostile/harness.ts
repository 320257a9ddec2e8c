/**
 * The contract both hostile corpora share: a case is rejected at construction with an error that
 * starts with the construct path and contains the exact fragment (and never a hidden secret), or it
 * synthesizes YAML (cdk8s's own writer) that kubectl's reader (verify/yaml-roundtrip) reads back to
 * exactly the value given.
 */
import { App, Chart, Testing, Yaml } from 'cdk8s';
import { FastApiErrors } from '../../lib';
import { kubectlReader } from '../support/kubectl-reader';

export type Build = (chart: Chart) => void;
export type Doc = Record<string, any>;

export interface HostileCase {
  readonly title: string;
  readonly build: Build;
  readonly reject?: string;
  /** Secrets: strings the message must never contain. */
  readonly hidden?: string[];
  /** The construct path the message starts with. */
  readonly path?: string;
  readonly pick?: (docs: Doc[], yaml: string) => unknown;
  readonly want?: unknown;
}

/** The one object of a kind among the documents read back. */
export const of = (kind: string) => (docs: Doc[]) => {
  const found = docs.filter((doc) => doc.kind === kind);
  if (found.length !== 1) throw new Error(`${found.length} ${kind}`);
  return found[0];
};

/** Runs a case's build in a fresh chart named 'test' and returns the error or the YAML. */
function run(build: Build): { error?: unknown; yaml?: string } {
  const chart = new Chart(new App({ outdir: '/dev/null' }), 'test');
  try {
    build(chart);
  } catch (error) {
    return { error };
  }
  return { yaml: Yaml.stringify(...Testing.synth(chart)) };
}

/** Registers one describe per case; accepted cases skip (with a reason) where the reader is missing. */
export function describeCases<C extends HostileCase>(cases: C[], name: (entry: C) => string): void {
  const reader = kubectlReader();
  const named = (entry: C) => [name(entry), entry] as const;
  describe.each(cases.filter((entry) => entry.reject !== undefined).map(named))(
    '%s', (_name, entry) => {
      test('is rejected with the construct path and the exact fragment', () => {
        const { error } = run(entry.build);
        expect(error).toBeDefined();
        expect(FastApiErrors.isValidationError(error)).toBe(true);
        const message = (error as Error).message;
        expect(message.startsWith(`${entry.path ?? 'test/api'}: `)).toBe(true);
        expect(message).toContain(entry.reject);
        for (const hidden of entry.hidden ?? []) expect(message).not.toContain(hidden);
      });
    });

  const accepted = cases.filter((entry) => entry.reject === undefined).map(named);
  (reader ? describe.each(accepted) : describe.skip.each(accepted))('%s', (_name, entry) => {
    test('synthesizes, and kubectl reads back exactly the value given', () => {
      const { error, yaml } = run(entry.build);
      expect(error).toBeUndefined();
      const docs = reader!.read(yaml!) as Doc[];
      expect(docs.every((doc) => !('error' in doc))).toBe(true);
      expect(entry.pick!(docs, yaml!)).toEqual(entry.want);
    });
  });
}
