/**
 * One set of objects per kind, name and namespace, for FastApiService, FastApiWorker and LoadTest:
 * cdk8s would write both twins and `kubectl apply` keep the last, so the second construct is
 * rejected at construction instead. Each construct records its name once its props are valid,
 * so a construct whose constructor threw never counts as a twin.
 */
import { Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { PlannedObject, chartObjects, checkNoObjectClash, checkUniqueName } from './checks/clashes';
import { ensure } from './errors';

/** What a construct is about to write. */
export interface Plan {
  /** The construct's class: two of one class may not share a name and namespace in a chart. */
  readonly what: 'FastApiService' | 'FastApiWorker' | 'LoadTest';
  /** The name its objects derive from. */
  readonly name: string;
  /** The namespace given to the construct; undefined for the chart's. */
  readonly namespace: string | undefined;
  /** Every object it will create. */
  readonly objects: readonly PlannedObject[];
}

interface Recorded {
  readonly what: Plan['what'];
  readonly name: string;
  readonly namespace: string | undefined;
}

// Kept beside the tree rather than on the constructs: the three classes need no common field for it.
const RECORDED = new WeakMap<IConstruct, Recorded>();

/**
 * Throws when another construct of the same class in the chart has the same name and namespace,
 * or when an object of the plan is already in the chart; otherwise records the construct. Call it
 * last in the construct's validation, before any object is created.
 */
export function ensureUnique(scope: IConstruct, plan: Plan): void {
  const chart = Chart.of(scope);
  const namespace = plan.namespace ?? chart.namespace;
  const others = chart.node.findAll().flatMap((other) => {
    const recorded = other === scope ? undefined : RECORDED.get(other);
    return recorded?.what === plan.what ? [{ path: other.node.path, ...recorded }] : [];
  });
  ensure(checkUniqueName(plan.what, scope.node.path, plan.name, namespace, others));
  ensure(checkNoObjectClash(scope.node.path, namespace, plan.objects, chartObjects(chart)));
  RECORDED.set(scope, { what: plan.what, name: plan.name, namespace });
}
