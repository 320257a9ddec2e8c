import { Resolved } from './_resolve';

export type Component = 'api' | 'migration';

/**
 * The labels selectors use: name and instance as Helm does, plus component, so the Service, PDB
 * and NetworkPolicy never pick up a migration Job's pods. Never version: selectors are immutable.
 */
export function selectorLabels(r: Resolved, component: Component): Record<string, string> {
  return {
    'app.kubernetes.io/name': r.name,
    'app.kubernetes.io/instance': r.name,
    'app.kubernetes.io/component': component,
  };
}

/** Every pod of the instance: the app, the migration Job, a load test. */
export function instanceLabels(r: Resolved): Record<string, string> {
  return { 'app.kubernetes.io/name': r.name, 'app.kubernetes.io/instance': r.name };
}

/** The recommended `app.kubernetes.io/*` labels plus the user's, for every object and pod. */
export function objectLabels(r: Resolved, component: Component): Record<string, string> {
  return {
    ...selectorLabels(r, component),
    'app.kubernetes.io/version': r.version,
    'app.kubernetes.io/part-of': r.partOf,
    'app.kubernetes.io/managed-by': 'cdk8s',
    ...r.userLabels,
  };
}
