import { RULES, KubeObject } from './rules';

// Structural copies of the cdk8s-cli validation types, so the library does not depend on the CLI.
/** A resource in a violation report. */
export interface ViolatingResource {
  readonly resourceName: string;
  readonly locations: string[];
  readonly manifestPath: string;
}
/** One rule's violations, as cdk8s-cli reports them. */
export interface PolicyViolationReport {
  readonly ruleName: string;
  readonly recommendation: string;
  readonly fix: string;
  readonly violatingResources: ViolatingResource[];
}
/** The part of cdk8s-cli's validation report the plugin uses. */
export interface IValidationReportLike {
  addViolation(violation: PolicyViolationReport): void;
  submit(status: string, metadata?: Record<string, string>): void;
}
/** The part of cdk8s-cli's ValidationContext the plugin uses. */
export interface IValidationContextLike {
  readonly manifests: string[];
  readonly report: IValidationReportLike;
  parseManifest(path: string): any[];
}

/**
 * A cdk8s validation plugin that checks every object of any app for what FastApiService
 * guarantees. In cdk8s.yaml:
 *
 * ```yaml
 * validations:
 *   - package: cdk8s-fastapi
 *     version: <version>
 *     class: FastApiPolicyValidation
 * ```
 *
 * Validations make `cdk8s synth` record construct metadata into the output folder, which
 * `kubectl apply -f dist/` then fails on: create the App with `recordConstructMetadata: false`.
 */
export class FastApiPolicyValidation {
  public async validate(context: IValidationContextLike): Promise<void> {
    const located: { object: KubeObject; manifestPath: string; index: number }[] = [];
    for (const manifestPath of context.manifests) {
      context.parseManifest(manifestPath).forEach((object, index) => {
        if (object) located.push({ object, manifestPath, index });
      });
    }
    const objects = located.map((entry) => entry.object);
    let failed = false;
    for (const rule of RULES) {
      const violations = rule.check(objects);
      if (!violations.length) continue;
      failed = true;
      context.report.addViolation({
        ruleName: rule.name,
        recommendation: rule.recommendation,
        fix: rule.fix,
        violatingResources: violations.map((violation) => {
          const where = located.find((entry) => entry.object === violation.object)!;
          const { kind, metadata } = violation.object;
          return {
            resourceName: `${kind}/${metadata?.namespace ? metadata.namespace + '/' : ''}${metadata?.name}`,
            locations: [`document ${where.index}: ${violation.message}`],
            manifestPath: where.manifestPath,
          };
        }),
      });
    }
    context.report.submit(failed ? 'failure' : 'success', { rules: RULES.map((rule) => rule.name).join(',') });
  }
}
