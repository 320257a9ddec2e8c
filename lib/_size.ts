/**
 * Client-side `kubectl apply` (the README's `kubectl apply -f dist/`) stores the whole object as
 * JSON in the annotation kubectl.kubernetes.io/last-applied-configuration, and the apiserver caps
 * the total size of an object's annotations at 256 KiB. An object whose JSON nears that size (a
 * 300 KB env value, a 200 KB pod annotation next to the rest, a 300 KiB locustfile: a ConfigMap
 * holds 1 MiB) is accepted by cdk8s and refused by `kubectl apply`, so FastApiService,
 * FastApiWorker and LoadTest reject it at construction.
 *
 * Sources:
 * - k8s.io/kubectl pkg/util/apply.go (v0.28.15) GetModifiedConfiguration: the annotation is deleted
 *   from the object, the object encoded with unstructured.UnstructuredJSONScheme (Go's
 *   `json.NewEncoder(w).Encode`: compact JSON with HTML escaping, then a newline) and the result
 *   set as the annotation's value.
 * - k8s.io/cli-runtime pkg/resource/visitor.go SetNamespace: before that, an object without a
 *   namespace gets the one kubectl applies to (`-n`, or the context's).
 * - k8s.io/apimachinery pkg/api/validation/objectmeta.go ValidateAnnotationsSize: the sum of
 *   len(key) + len(value) (bytes) of every annotation must not exceed TotalAnnotationSizeLimitB.
 */
import { ApiObject, Chart, Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { DNS1123_LABEL_MAX, TOTAL_ANNOTATION_SIZE_LIMIT_BYTES } from './checks/names';
import { ensure, validating } from './errors';

export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

/** `,"namespace":"<ns>"`, which kubectl adds to an object without one: a namespace is a DNS-1123 label. */
const ADDED_NAMESPACE_BYTES = ',"namespace":""'.length + DNS1123_LABEL_MAX;

/**
 * The bytes client-side `kubectl apply` makes the annotations of this object (as `toJson()` gives
 * it, which is what cdk8s writes and kubectl reads back): the other annotations, plus the
 * last-applied annotation's key and value. The value is JavaScript's JSON of the object corrected
 * to Go's: Go writes `<`, `>`, `&` as `\u003c` (5 bytes more each) and U+2028, U+2029 as `\u2028`
 * (3 more); Go before 1.22 writes `\b` and `\f` as `\u0008` and `\u000c` (4 more each, counted
 * whatever kubectl was built with: an upper bound by those few bytes). The other characters are
 * escaped alike, or not at all, by both. Without a namespace, the longest one kubectl could add
 * is counted (an upper bound by at most 63 bytes).
 */
export function clientSideApplyBytes(object: Record<string, any>): number {
  const metadata = object.metadata ?? {};
  const annotations: Record<string, string> = { ...(metadata.annotations ?? {}) };
  // kubectl drops an existing last-applied annotation before it encodes the object
  delete annotations[LAST_APPLIED_ANNOTATION];
  const encoded = { ...object, metadata: { ...metadata, annotations } };
  if (Object.keys(annotations).length === 0) delete encoded.metadata.annotations;
  const json = JSON.stringify(encoded);
  let goExtra = 0;
  for (const match of json.matchAll(/[<>&\u2028\u2029]|\\[\\bf]/g)) {
    const text = match[0];
    if (text === '\u2028' || text === '\u2029') goExtra += 3;
    else if (text.length === 1) goExtra += 5;
    else if (text !== '\\\\') goExtra += 4;
  }
  let others = 0;
  for (const [key, value] of Object.entries(annotations)) {
    others += Buffer.byteLength(key) + Buffer.byteLength(String(value));
  }
  const namespace = metadata.namespace ? 0 : ADDED_NAMESPACE_BYTES;
  // + 1: the newline json.Encoder writes after the value
  return others + LAST_APPLIED_ANNOTATION.length + Buffer.byteLength(json) + goExtra + namespace + 1;
}

/**
 * Cheap bound on what the caller passed, so that a thousand ordinary services are not serialized
 * twice (ApiObject.toJson costs about as much as synth itself).
 */
export interface InputWeight {
  /** Bytes every string and key takes in Go's JSON at most, quotes aside. */
  bytes: number;
  /** Values of any type (objects, arrays, strings, numbers...). */
  nodes: number;
  /** 1 (the app or worker container) + object-valued list items (init steps, sidecars, volumes...). */
  containers: number;
}

/** Past this many values, serializing is cheaper than the walk's bookkeeping. */
const MAX_NODES = 20_000;
/**
 * Go's JSON of a string, quotes aside: printable ASCII other than `"`, `\\`, `<`, `>`, `&` is
 * written as is; any other UTF-16 code unit becomes at most 6 bytes (`\\u003c`, `\\u2028`).
 */
function jsonBytes(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const escaped = code === 0x22 || code === 0x5c || code === 0x3c || code === 0x3e || code === 0x26;
    if (code < 0x20 || code > 0x7e || escaped) return 6 * text.length;
  }
  return text.length;
}

/**
 * Immutable quantities, written as a number or a short string ('512Mi', '500m'): one value of
 * QUANTITY_BYTES each rather than a walk through their units.
 */
const isQuantity = (value: object) => value instanceof Duration || value instanceof Size || value instanceof Cpu;
const QUANTITY_BYTES = 64;

/**
 * The weight of every value reachable from the inputs (own properties, enumerable or not;
 * constructs skipped: their objects are measured by their own construct), or undefined when a
 * value could yield output the walk does not see: a Map or Set, a function, or an object whose
 * plain prototype could pass properties through (`Object.create({ image })`). A getter is read
 * once, as the constructs read it: props that change between two reads are outside every check.
 */
export function inputWeight(inputs: readonly unknown[]): InputWeight | undefined {
  const weight: InputWeight = { bytes: 0, nodes: 0, containers: 1 };
  const seen = new Set<object>();
  const visit = (value: unknown, inList: boolean): boolean => {
    weight.nodes++;
    if (typeof value === 'string') {
      weight.bytes += jsonBytes(value);
      return true;
    }
    if (typeof value !== 'object' || value === null) return typeof value !== 'function';
    if (seen.has(value)) return true;
    seen.add(value);
    if (weight.nodes > MAX_NODES) return false;
    const proto = Object.getPrototypeOf(value);
    if (proto === Array.prototype) {
      const list = value as unknown[];
      for (let i = 0; i < list.length; i++) if (!visit(list[i], true)) return false;
      return true;
    }
    if (proto !== Object.prototype && proto !== null) {
      if (isQuantity(value)) {
        weight.bytes += QUANTITY_BYTES;
        return true;
      }
      if ('node' in value && typeof (value as { node: unknown }).node === 'object') return true;
      if (value instanceof Map || value instanceof Set || Array.isArray(value)) return false;
      if (Object.getPrototypeOf(proto) === Object.prototype && proto.constructor === Object) return false;
    }
    if (inList) weight.containers++;
    const record = value as Record<string, unknown>;
    for (const key of Object.getOwnPropertyNames(record)) {
      weight.bytes += jsonBytes(key);
      if (!visit(record[key], false)) return false;
    }
    return true;
  };
  for (const input of inputs) if (!visit(input, false)) return undefined;
  return weight;
}

/**
 * An upper bound on the JSON bytes of any one object the construct writes, from its inputs.
 * Why it holds (checked against every fixture and against inputs of many items and long strings
 * in test/hostile/apply-size.test.ts):
 * - GENERATED_BYTES: what an object holds whatever the input's lists and strings, with names and
 *   namespaces at their 63-character maximum (the largest, the all-features Deployment, is below
 *   8 KiB).
 * - CONTAINER_BYTES per container: its security context, resources, probes and mounts (about 1 KiB).
 * - Each input value written once: ONCE_NODE_BYTES of JSON around it at most (a NetworkPolicy
 *   peer around a namespace, an HPA metric, a toleration's keys: about 100 bytes) plus its text.
 * - Each input value copied into every container and twice more (env and envFrom into every init
 *   step, volume names into mounts, the user's labels into the metadata and the pod template):
 *   COPIED_NODE_BYTES around it each time (`{"name":"","value":""}` over the 2 values of an
 *   EnvValue: about 11 bytes a value) plus its text.
 */
const GENERATED_BYTES = 16 * 1024;
const CONTAINER_BYTES = 4 * 1024;
const ONCE_NODE_BYTES = 128;
const COPIED_NODE_BYTES = 32;
const weightBound = ({ bytes, nodes, containers }: InputWeight) => GENERATED_BYTES + CONTAINER_BYTES * containers
  + ONCE_NODE_BYTES * nodes + bytes + (COPIED_NODE_BYTES * nodes + bytes) * (containers + 2);

/**
 * Below this bound no object is serialized: half the limit, so that the bound's constants may be
 * off by a factor of two before an oversized object is missed.
 */
const EXACT_CHECK_ABOVE = TOTAL_ANNOTATION_SIZE_LIMIT_BYTES / 2;

/** The bound for the inputs, or undefined when they cannot be bounded (for tests). */
export function inputBound(scope: IConstruct, inputs: readonly unknown[]): number | undefined {
  const weight = inputWeight([...inputs, Chart.of(scope).labels]);
  return weight === undefined ? undefined : weightBound(weight);
}

/** True when the construct's inputs are small enough that no object needs measuring (for tests). */
export function isCertainlySmall(scope: IConstruct, inputs: readonly unknown[]): boolean {
  const bound = inputBound(scope, inputs);
  return bound !== undefined && bound <= EXACT_CHECK_ABOVE;
}

/**
 * Throws when an object the construct wrote would be refused by client-side `kubectl apply`;
 * `inputs` is everything its objects derive from (its props, what it inherits from another
 * construct). Call it last in the constructor, once every object exists. On failure the
 * construct's objects are removed first, so a caller who catches the error synthesizes nothing
 * of it. Objects changed after construction (escape hatches, JSON patches) are not measured.
 */
export function ensureFitsClientSideApply(scope: IConstruct, inputs: readonly unknown[]): void {
  if (isCertainlySmall(scope, inputs)) return;
  const objects = scope.node.findAll().filter((child): child is ApiObject => ApiObject.isApiObject(child));
  for (const object of objects) {
    const bytes = clientSideApplyBytes(object.toJson());
    if (bytes <= TOTAL_ANNOTATION_SIZE_LIMIT_BYTES) continue;
    for (const child of [...scope.node.children]) scope.node.tryRemoveChild(child.node.id);
    validating(scope, () => ensure(
      `the ${object.kind} '${object.name}' must fit in ${TOTAL_ANNOTATION_SIZE_LIMIT_BYTES} bytes (256 KiB) `
      + `of annotations once client-side 'kubectl apply' copies it into ${LAST_APPLIED_ANNOTATION} `
      + `(apiserver TotalAnnotationSizeLimitB), got ${bytes} bytes: move large values (env values, `
      + 'annotations, a locustfile) into a ConfigMap or Secret mounted as a volume, '
      + "or apply with 'kubectl apply --server-side'",
    ));
  }
}

/** What a FastApiWorker takes from its service: the pod settings and env it renders into its own objects. */
export function inheritedInputs(service: { _pod: object; _env: object } | undefined): unknown[] {
  // the rendered env list is _env again, and the extras (sidecars, volumes) are the service's own
  return service ? [{ ...service._pod, env: undefined, extras: undefined }, service._env] : [];
}
