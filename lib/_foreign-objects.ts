/**
 * The ApiObjects of an App that no FastApiService, FastApiWorker or LoadTest wrote (the user's own,
 * or cdk8s-plus constructs'), for lib/_unique.ts. Each construct checks its plan against them when
 * it is built, so they are looked up once per construct: re-reading every node's children each time
 * made 1000 services in one chart quadratic (Node.children copies the chart's 1000 children per
 * call, about 0.3 ms each). Instead each node visited keeps its children that are not recorded, and
 * learns of children added or removed later from its own Node, so a lookup only visits the nodes
 * that are not recorded constructs.
 */
import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';

/** The Node methods that change a node's children (constructs 10: every construct's constructor calls addChild). */
interface MutableNode {
  addChild(child: IConstruct, childName: string): void;
  tryRemoveChild(childName: string): boolean;
}

/**
 * Per visited node, its children that were not recorded at the last lookup, plus those added since
 * (in the order they were added); none after a removal: it is listed afresh at the next lookup.
 */
const UNRECORDED_CHILDREN = new WeakMap<IConstruct, IConstruct[]>();
/** Nodes whose addChild and tryRemoveChild report to UNRECORDED_CHILDREN (wrapped once). */
const WATCHED = new WeakSet<IConstruct>();

/**
 * The ApiObjects whose `kind/name` is wanted, found under `root` without entering a construct for
 * which `isRecorded` is true (those are checked by their plans). `isRecorded` must stay true once true.
 */
export function foreignObjects(
  root: IConstruct, wanted: ReadonlySet<string>, isRecorded: (construct: IConstruct) => boolean,
): ApiObject[] {
  const found: ApiObject[] = [];
  const visit = (node: IConstruct): void => {
    const children = unrecordedChildren(node, isRecorded);
    for (const child of children) {
      if (ApiObject.isApiObject(child) && wanted.has(`${child.kind}/${child.name}`)) found.push(child);
      visit(child);
    }
  };
  visit(root);
  // The order decides which twin a message names; the cached lists keep insertion order, which can
  // differ from Node.children's (integer-like ids come first there), so re-walk in that order.
  return found.length > 1 ? walkInTreeOrder(root, wanted, isRecorded) : found;
}

function unrecordedChildren(node: IConstruct, isRecorded: (construct: IConstruct) => boolean): IConstruct[] {
  let children = UNRECORDED_CHILDREN.get(node);
  if (children === undefined) {
    children = node.node.children.filter((child) => !isRecorded(child));
    UNRECORDED_CHILDREN.set(node, children);
    watchChildren(node);
    return children;
  }
  // Constructs recorded since the last lookup (a service is added to its chart before it records itself)
  if (children.some(isRecorded)) {
    children = children.filter((child) => !isRecorded(child));
    UNRECORDED_CHILDREN.set(node, children);
  }
  return children;
}

/** Keeps the node's list current: each child added is appended; a removal drops the list. */
function watchChildren(node: IConstruct): void {
  if (WATCHED.has(node)) return;
  WATCHED.add(node);
  const inner = node.node as unknown as MutableNode;
  const { addChild, tryRemoveChild } = inner;
  if (typeof addChild !== 'function' || typeof tryRemoveChild !== 'function') {
    throw new Error('cdk8s-fastapi: constructs no longer has Node.addChild and tryRemoveChild '
      + '(see lib/_foreign-objects.ts)');
  }
  Object.defineProperty(inner, 'addChild', {
    configurable: true, writable: true, enumerable: false,
    value(this: MutableNode, child: IConstruct, childName: string): void {
      addChild.call(this, child, childName); // throws for a duplicate id: nothing to record then
      UNRECORDED_CHILDREN.get(node)?.push(child);
    },
  });
  Object.defineProperty(inner, 'tryRemoveChild', {
    configurable: true, writable: true, enumerable: false,
    value(this: MutableNode, childName: string): boolean {
      UNRECORDED_CHILDREN.delete(node);
      return tryRemoveChild.call(this, childName);
    },
  });
}

/** The same lookup by reading every node's children: the order Node.children gives. */
function walkInTreeOrder(
  root: IConstruct, wanted: ReadonlySet<string>, isRecorded: (construct: IConstruct) => boolean,
): ApiObject[] {
  const found: ApiObject[] = [];
  const visit = (node: IConstruct): void => {
    for (const child of node.node.children) {
      if (isRecorded(child)) continue;
      if (ApiObject.isApiObject(child) && wanted.has(`${child.kind}/${child.name}`)) found.push(child);
      visit(child);
    }
  };
  visit(root);
  return found;
}
