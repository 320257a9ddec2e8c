/**
 * One set of objects per kind, name and namespace: two constructs writing the same object make
 * cdk8s write both, and `kubectl apply` keeps the last.
 */
import { ApiObject, Chart } from 'cdk8s';
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

/** An object already in the chart, as `ApiObject` exposes it. */
export interface ChartObject {
  readonly kind: string;
  readonly name: string;
  readonly namespace: string | undefined;
  /** The construct that created it (the scope of the ApiObject). */
  readonly owner: string;
}

/**
 * Objects of the same kind, name and namespace as one already in the chart (from another
 * FastApiService or FastApiWorker, or anything else): cdk8s writes both and `kubectl apply` keeps the last.
 */
export function checkNoObjectClash(
  path: string, namespace: string | undefined, planned: readonly PlannedObject[], existing: readonly ChartObject[],
): Check {
  for (const object of planned) {
    const twin = existing.find((other) => other.owner !== path && other.kind === object.kind
      && other.name === object.name && other.namespace === namespace);
    if (twin) {
      return `name must not give objects the names of objects already in the chart (kubectl apply would keep only the`
        + ` last), got ${object.kind} '${object.name}', already defined by ${twin.owner}`;
    }
  }
  return undefined;
}

/** The ApiObjects of a chart, for checkNoObjectClash (namespace: the object's, else the chart's). */
export function chartObjects(chart: Chart): ChartObject[] {
  return chart.node.findAll().filter((node): node is ApiObject => ApiObject.isApiObject(node)).map((object) => ({
    kind: object.kind, name: object.name, namespace: object.metadata.namespace ?? chart.namespace,
    owner: object.node.scope?.node.path ?? '',
  }));
}
