import { ApiObjectMetadata, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { Workload, checkLabels, checkUserLabelKey } from './checks/names';
import { checkRecord } from './checks/runtime-types';
import { ensure } from './errors';

/** What a pod is for: the web app, the migration Job, a load test. */
export type Component = 'api' | 'migration' | 'load-test' | 'worker';

/** Who an object belongs to: enough to name, label and place it. Resolved once by the construct. */
export interface ServiceIdentity {
  readonly name: string;
  readonly namespace?: string;
  readonly version: string;
  readonly partOf: string;
  readonly userLabels: Record<string, string>;
}

/** Keys the construct owns: a user value would break selectors or mislabel objects. */
export const RESERVED_LABELS = ['name', 'instance', 'version', 'component', 'part-of', 'managed-by']
  .map((key) => `app.kubernetes.io/${key}`);

/**
 * The chart's labels, which cdk8s writes on every object of the chart (node_modules/cdk8s/lib/api-object.js:
 * `labels: { ...chart.labels, ...props.metadata?.labels }`) and which the README promises on every
 * object: the same rules as the construct's own `labels` (apimachinery ValidateLabels, YAML-safe,
 * renderable keys, none Kubernetes sets on the workloads' pods), and none of the keys the construct
 * sets (the object's own value would silently replace the chart's). Call inside `validating`.
 */
export function checkChartLabels(scope: IConstruct, workloads: readonly Workload[]): void {
  const chart = Chart.of(scope);
  // the labels as given (the public getter spreads them, which turns an array into an object)
  const given = Object.getOwnPropertyDescriptor(chart, '_labels')?.value ?? chart.labels;
  const prop = 'chart labels';
  ensure(checkRecord(prop, given) ?? checkLabels(prop, given));
  for (const key of Object.keys(given)) {
    ensure(checkUserLabelKey(`${prop} key`, key, workloads));
    if (RESERVED_LABELS.includes(key)) {
      ensure(`${prop} key must not be '${key}', which the construct sets on its objects (the chart's value would be `
        + 'silently replaced); use partOf or version');
    }
  }
}

/** Every pod of the instance: the app, the migration Job, a load test. */
export function instanceLabels(identity: ServiceIdentity): Record<string, string> {
  return { 'app.kubernetes.io/name': identity.name, 'app.kubernetes.io/instance': identity.name };
}

/**
 * The labels selectors use: name and instance as Helm does, plus component, so the Service, PDB
 * and NetworkPolicy never pick up a migration Job's pods. Never version: selectors are immutable.
 */
export function selectorLabels(identity: ServiceIdentity, component: Component): Record<string, string> {
  return { ...instanceLabels(identity), 'app.kubernetes.io/component': component };
}

/** The recommended `app.kubernetes.io/*` labels plus the user's, for every object and pod. */
export function objectLabels(identity: ServiceIdentity, component: Component): Record<string, string> {
  return {
    ...selectorLabels(identity, component),
    'app.kubernetes.io/version': identity.version,
    'app.kubernetes.io/part-of': identity.partOf,
    'app.kubernetes.io/managed-by': 'cdk8s',
    ...identity.userLabels,
  };
}

/** Name, namespace and labels of one object of the service. */
export function objectMetadata(
  identity: ServiceIdentity, name: string, component: Component = 'api',
): ApiObjectMetadata {
  return { name, namespace: identity.namespace, labels: objectLabels(identity, component) };
}

/** True when every key of a non-empty selector matches the labels (how Kubernetes selects). */
export function selects(
  selector: Record<string, string> | undefined, labels: Record<string, string> | undefined,
): boolean {
  return !!selector && Object.keys(selector).length > 0
    && Object.entries(selector).every(([key, value]) => labels?.[key] === value);
}

/** A Kubernetes LabelSelector as parsed from YAML. */
export interface LabelSelectorLike {
  readonly matchLabels?: Record<string, string>;
  readonly matchExpressions?: { readonly key: string; readonly operator: string; readonly values?: string[] }[];
}

/**
 * Whether a LabelSelector (matchLabels and matchExpressions, as PDBs, NetworkPolicies and
 * Deployments use) selects the labels. An empty selector selects everything; none selects nothing.
 */
export function labelSelectorMatches(
  selector: LabelSelectorLike | undefined, labels: Record<string, string> = {},
): boolean {
  if (!selector) return false;
  if (Object.entries(selector.matchLabels ?? {}).some(([key, value]) => labels[key] !== value)) return false;
  return (selector.matchExpressions ?? []).every((expression) => {
    const has = Object.prototype.hasOwnProperty.call(labels, expression.key);
    const listed = has && (expression.values ?? []).includes(labels[expression.key]);
    switch (expression.operator) {
      case 'In': return listed;
      case 'NotIn': return !listed;
      case 'Exists': return has;
      case 'DoesNotExist': return !has;
      default: return false;
    }
  });
}
