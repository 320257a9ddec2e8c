// Per-object waivers: an annotation `cdk8s-fastapi.io/waive-<rule>: "<reason>"` on an object
// accepts that rule's violations for that object. A waiver must give a reason and name a rule
// that exists, or it is itself a violation (rule `valid-waivers`), which cannot be waived.
import type { IPolicyRule, KubeObject, PolicyViolation } from './rules';

/** The annotation prefix of a waiver; the rule's name follows it. */
export const WAIVER_PREFIX = 'cdk8s-fastapi.io/waive-';
/** The rule that checks the waivers themselves. */
export const WAIVER_RULE_NAME = 'valid-waivers';

/** A violation that an object's annotation waived, with the reason given. */
export interface WaivedViolation {
  readonly violation: PolicyViolation;
  readonly reason: string;
}

function waiversOf(object: KubeObject): [string, unknown][] {
  const annotations = (object.metadata as any)?.annotations ?? {};
  return Object.entries(annotations)
    .filter(([key]) => key.startsWith(WAIVER_PREFIX))
    .map(([key, reason]) => [key.slice(WAIVER_PREFIX.length), reason]);
}

/** The reason an object gives for waiving a rule, if it waives it with a reason. */
export function waiverReason(object: KubeObject, rule: string): string | undefined {
  if (rule === WAIVER_RULE_NAME) return undefined;
  const found = waiversOf(object).find(([name]) => name === rule);
  const reason = found?.[1];
  return typeof reason === 'string' && reason.trim() !== '' ? reason.trim() : undefined;
}

/** The rule `valid-waivers`: every waiver annotation names a known rule and gives a reason. */
export function waiverRule(ruleNames: () => string[]): IPolicyRule {
  return {
    name: WAIVER_RULE_NAME,
    recommendation: 'A waiver names an existing rule and says why the object may break it',
    fix: `annotate the object with ${WAIVER_PREFIX}<rule>: "<reason>" (a non-empty reason, a rule the plugin has)`,
    check: (objects) => objects.flatMap((object) => waiversOf(object).flatMap(([rule, reason]) => {
      const problems: string[] = [];
      const known = ruleNames().filter((name) => name !== WAIVER_RULE_NAME);
      if (!known.includes(rule)) problems.push(`waives '${rule}', which is not one of ${known.join(', ')}`);
      if (typeof reason !== 'string' || reason.trim() === '') problems.push(`waives '${rule}' without a reason`);
      return problems.map((message) => ({ rule: WAIVER_RULE_NAME, object, message }));
    })),
  };
}

/** Splits violations into those that stand and those an object's waiver accepts. */
export function applyWaivers(
  violations: PolicyViolation[],
): { standing: PolicyViolation[]; waived: WaivedViolation[] } {
  const standing: PolicyViolation[] = [];
  const waived: WaivedViolation[] = [];
  for (const violation of violations) {
    const reason = waiverReason(violation.object, violation.rule);
    if (reason === undefined) standing.push(violation);
    else waived.push({ violation, reason });
  }
  return { standing, waived };
}
