/**
 * One set of objects per kind, name and namespace, for FastApiService, FastApiWorker and LoadTest:
 * cdk8s would write both twins and `kubectl apply` keep the last, so the second construct is
 * rejected at construction instead. Each construct records what it writes once its props are
 * valid, so a construct whose constructor threw never counts as a twin.
 */
import { Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import {
  ExistingObject, PlannedObject, checkNoLaterObjectClash, checkNoObjectClash, checkUniqueName,
} from './checks/clashes';
import { ensure } from './errors';
import { foreignObjects } from './_foreign-objects';

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
  readonly construct: IConstruct;
  readonly what: Plan['what'];
  readonly name: string;
  /** The namespace its objects are written to: the given one, else its chart's. */
  readonly namespace: string | undefined;
  readonly chart: Chart;
}

// Kept beside the tree rather than on the constructs: the three classes need no common field for it.
const RECORDED = new WeakMap<IConstruct, Recorded>();
/**
 * Per App (the root of the tree), the recorded constructs by `kind/name` of each object they write
 * and by `class:name`: each construct checks against all the others, so a lookup per planned
 * object rather than a pass over every construct keeps 1000 services in one App linear.
 */
const INDEX = new WeakMap<IConstruct, Map<string, Recorded[]>>();

const isRecorded = (construct: IConstruct) => RECORDED.has(construct);
const objectKey = (kind: string, name: string) => `${kind}/${name}`;
const classKey = (what: string, name: string) => `${what}:${name}`;

/**
 * Throws when another construct of the same class in the chart has the same name and namespace,
 * or when an object of the plan is already in the App with the same kind, name and namespace;
 * otherwise records the construct. Call it last in the construct's validation, before any object
 * is created.
 */
export function ensureUnique(scope: IConstruct, plan: Plan): void {
  const chart = Chart.of(scope);
  const namespace = plan.namespace ?? chart.namespace;
  const root = chart.node.root;
  const index = INDEX.get(root) ?? new Map<string, Recorded[]>();
  INDEX.set(root, index);
  const lookup = (key: string) => index.get(key) ?? [];
  const path = scope.node.path;

  const twins = lookup(classKey(plan.what, plan.name)).filter((other) => other.chart === chart)
    .map((other) => ({ path: other.construct.node.path, name: other.name, namespace: other.namespace }));
  ensure(checkUniqueName(plan.what, path, plan.name, namespace, twins));

  const wanted = new Set(plan.objects.map((object) => objectKey(object.kind, object.name)));
  const existing: ExistingObject[] = [];
  for (const object of plan.objects) {
    for (const other of lookup(objectKey(object.kind, object.name))) {
      existing.push({
        ...object, namespace: other.namespace, owner: other.construct.node.path, sameChart: other.chart === chart,
      });
    }
  }
  existing.push(...foreignExisting(root, wanted, chart));
  ensure(checkNoObjectClash(plan.prop, path, namespace, plan.objects, existing));
  // An ApiObject created after this construct joins the tree before it has a kind and a name (its
  // Construct constructor adds it), so it cannot be caught then: it is looked for again at synth
  // (App.synth runs every node's validations; Testing.synth does not).
  scope.node.addValidation({
    validate: () => {
      const later = checkNoLaterObjectClash(path, namespace, plan.objects, foreignExisting(root, wanted, chart));
      return later === undefined ? [] : [later];
    },
  });

  const recorded: Recorded = { construct: scope, what: plan.what, name: plan.name, namespace, chart };
  RECORDED.set(scope, recorded);
  // appended in place: no caller keeps these lists, and copying them made a crowded key quadratic
  const add = (key: string) => {
    const list = index.get(key);
    if (list === undefined) index.set(key, [recorded]);
    else list.push(recorded);
  };
  add(classKey(plan.what, plan.name));
  for (const key of wanted) add(key);
}

/** The ApiObjects no recorded construct wrote whose `kind/name` is wanted, as ExistingObjects. */
function foreignExisting(root: IConstruct, wanted: ReadonlySet<string>, chart: Chart): ExistingObject[] {
  return foreignObjects(root, wanted, isRecorded).map((object) => {
    const home = Chart.of(object);
    return {
      kind: object.kind, name: object.name, namespace: object.metadata.namespace ?? home.namespace,
      owner: object.node.path, sameChart: home === chart,
    };
  });
}
