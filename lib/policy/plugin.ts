import { RULES, KubeObject } from './rules';
import { applyWaivers } from './waivers';

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
 *
 * Each violating resource is reported by its `metadata.name`, the key of cdk8s's
 * construct-metadata.json, so the report's "Construct Path" is filled whenever the app records
 * construct metadata; the location names the kind, namespace and document. An object annotated
 * `cdk8s-fastapi.io/waive-<rule>: "<reason>"` is exempt from that rule; the waivers used are
 * listed in the report's metadata (`waived`).
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
    const waivedLines: string[] = [];
    for (const rule of RULES) {
      const { standing: violations, waived } = applyWaivers(rule.check(objects));
      for (const { violation, reason } of waived) {
        waivedLines.push(`${rule.name} on ${describe(violation.object)}: ${reason}`);
      }
      if (!violations.length) continue;
      failed = true;
      context.report.addViolation({
        ruleName: rule.name,
        recommendation: rule.recommendation,
        fix: rule.fix,
        violatingResources: violations.map((violation) => {
          const where = located.find((entry) => entry.object === violation.object)!;
          return {
            resourceName: String(violation.object.metadata?.name),
            locations: [`${describe(violation.object)} (document ${where.index}): ${violation.message}`],
            manifestPath: where.manifestPath,
          };
        }),
      });
    }
    const metadata: Record<string, string> = { rules: RULES.map((rule) => rule.name).join(',') };
    if (waivedLines.length) metadata.waived = waivedLines.join('; ');
    context.report.submit(failed ? 'failure' : 'success', metadata);
  }
}

/** `Kind/namespace/name` of an object, for the report. */
function describe(object: KubeObject): string {
  const { kind, metadata } = object;
  return `${kind}/${metadata?.namespace ? metadata.namespace + '/' : ''}${metadata?.name}`;
}
