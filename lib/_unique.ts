/**
 * One set of objects per kind, name and namespace, for FastApiService, FastApiWorker and LoadTest:
 * cdk8s would write both twins and `kubectl apply` keep the last, so the second construct is
 * rejected at construction instead. Each construct records its name once its props are valid,
 * so a construct whose constructor threw never counts as a twin.
 */
import { ApiObject, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { ExistingObject, PlannedObject, checkNoObjectClash, checkUniqueName } from './checks/clashes';
import { ensure } from './errors';

/** What a construct is about to write. */
export interface Plan {
  /** The construct's class: two of one class may not share a name and namespace in a chart. */
  readonly what: 'FastApiService' | 'FastApiWorker' | 'LoadTest';
  /** The prop the object names derive from, for the message. */
  readonly prop: 'name' | 'target';
  /** The name its objects derive from. */
  readonly name: string;
  /** The namespace given to the construct; undefined for the chart's. */
  readonly namespace: string | undefined;
  /** Every object it will create (kind and name), so a generated suffix cannot hide a twin. */
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
 * or when an object of the plan is already in the app with the same kind, name and namespace;
 * otherwise records the construct. Call it last in the construct's validation, before any object
 * is created.
 */
export function ensureUnique(scope: IConstruct, plan: Plan): void {
  const chart = Chart.of(scope);
  const namespace = plan.namespace ?? chart.namespace;
  const others = chart.node.findAll().flatMap((other) => {
    const recorded = other === scope ? undefined : RECORDED.get(other);
    return recorded?.what === plan.what ? [{ path: other.node.path, ...recorded }] : [];
  });
  ensure(checkUniqueName(plan.what, scope.node.path, plan.name, namespace, others));
  ensure(checkNoObjectClash(plan.prop, scope.node.path, namespace, plan.objects, appObjects(chart)));
  RECORDED.set(scope, { what: plan.what, name: plan.name, namespace });
}

/**
 * Every ApiObject of the chart's App (the root of its tree): the charts of one App are written to
 * one dist/ and applied together. The namespace is the object's, else its own chart's.
 */
function appObjects(chart: Chart): ExistingObject[] {
  return chart.node.root.node.findAll().filter((node): node is ApiObject => ApiObject.isApiObject(node))
    .map((object) => {
      const home = Chart.of(object);
      return {
        kind: object.kind, name: object.name, namespace: object.metadata.namespace ?? home.namespace,
        owner: ownerOf(object), sameChart: home === chart,
      };
    });
}

/** The recorded construct that created an object (its path is the user's), else the object itself. */
function ownerOf(object: ApiObject): string {
  return ([...object.node.scopes].reverse().find((scope) => RECORDED.has(scope)) ?? object).node.path;
}
