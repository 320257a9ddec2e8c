/**
 * One set of objects per kind, name and namespace: two constructs writing the same object make
 * cdk8s write both, and `kubectl apply` keeps the last.
 */
import { Check } from './props-common';

/**
 * Two constructs in one chart writing objects of the same name and namespace: cdk8s writes both
 * and `kubectl apply` keeps the last. `others` are the paths and identities already in the chart.
 */
export function checkUniqueName(
  what: string, path: string, name: string, namespace: string | undefined,
  others: ReadonlyArray<{ path: string; name: string; namespace: string | undefined }>,
): Check {
  const twin = others.find((other) => other.path !== path && other.name === name && other.namespace === namespace);
  if (twin === undefined) return undefined;
  return `name must be unique among the ${what}s of a chart (their objects would overwrite each other), got '${name}',`
    + ` already used by ${twin.path}`;
}

/** An object a construct is about to create: its kind and name. */
export interface PlannedObject { readonly kind: string; readonly name: string }

/** An object already in the app, as `ApiObject` exposes it. */
export interface ExistingObject {
  readonly kind: string;
  readonly name: string;
  /** Its own namespace, else its chart's; undefined when neither gives one (kubectl's current namespace). */
  readonly namespace: string | undefined;
  /** The construct that created it: the FastApiService, FastApiWorker or LoadTest, else the ApiObject itself. */
  readonly owner: string;
  /** In the chart of the construct being checked, or in another chart of the same App. */
  readonly sameChart: boolean;
}

/**
 * An object of the same kind, name and namespace as one already in the app (from another
 * FastApiService, FastApiWorker or LoadTest, through a generated suffix or not, or anything else):
 * cdk8s writes both and `kubectl apply` keeps the last. Charts of one App are applied together
 * (`kubectl apply -f dist/`), so a twin in another chart that lands in the same namespace counts too.
 */
export function checkNoObjectClash(
  prop: string, path: string, namespace: string | undefined, planned: readonly PlannedObject[],
  existing: readonly ExistingObject[],
): Check {
  for (const object of planned) {
    const twin = existing.find((other) => other.owner !== path && other.kind === object.kind
      && other.name === object.name && other.namespace === namespace);
    if (twin === undefined) continue;
    const shared = namespace === undefined ? 'none given: kubectl\'s current one' : `'${namespace}'`;
    const where = twin.sameChart ? 'already in the chart'
      : `of another chart of the app in the same namespace (${shared})`;
    return `${prop} must not give objects the names of objects ${where} (kubectl apply would keep only the last),`
      + ` got ${object.kind} '${object.name}', already defined by ${twin.owner}`;
  }
  return undefined;
}

/**
 * An object added to the app after the construct (a user's ApiObject created later in the program)
 * with the kind, name and namespace of one the construct writes: found at synth, since the ApiObject
 * has no kind or name yet when it joins the tree. `existing` are the foreign objects found then.
 */
export function checkNoLaterObjectClash(
  path: string, namespace: string | undefined, planned: readonly PlannedObject[], existing: readonly ExistingObject[],
): Check {
  for (const object of planned) {
    const twin = existing.find((other) => other.kind === object.kind && other.name === object.name
      && other.namespace === namespace);
    if (twin === undefined) continue;
    return `${twin.kind} '${twin.name}' of ${twin.owner}, created after ${path}, has the kind, name and namespace of `
      + 'an object that construct writes (kubectl apply would keep only the last); rename one of them';
  }
  return undefined;
}
