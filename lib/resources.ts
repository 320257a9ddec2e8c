import { Size } from 'cdk8s';
import { ContainerResources, Cpu, k8s } from 'cdk8s-plus-28';
import { ensure, reject } from './errors';
import { KIBI, MEBI, MILLI, checkQuantity, compareQuantities, quantityIn } from './checks/quantity';
import { typeOf } from './checks/runtime-types';
import { KeysOf, knownKeys } from './_validate';

/**
 * Requests and limits of the app container. The options type is cdk8s-plus-28's
 * `ContainerResources`; this file holds the defaults (per uvicorn worker) and the checks.
 */

/** Quantities by Kubernetes' grammar (issue 11: `Number()` read '0x10' as 16 and ' 1' as 1). */
const cpuMillis = (cpu: Cpu) => quantityIn(cpu.amount, MILLI);
const sizeKib = (size: Size) => quantityIn(size.asString(), KIBI);
/** Multiplies a CPU amount, keeping whole millicores. */
const scaleCpu = (cpu: Cpu, factor: number) => Cpu.millis(Math.round(cpuMillis(cpu) * factor));
/** Multiplies a memory amount, keeping whole mebibytes. */
const scaleSize = (size: Size, factor: number) =>
  Size.mebibytes(Math.round(quantityIn(size.asString(), MEBI) * factor));

/** CPU of one uvicorn worker; scaled by `workers`. */
export const DEFAULT_CPU_PER_WORKER = { request: Cpu.millis(250), limit: Cpu.millis(1000) };
/** Memory of one uvicorn worker; scaled by `workers`. */
export const DEFAULT_MEMORY_PER_WORKER = { request: Size.mebibytes(256), limit: Size.mebibytes(512) };
/** Ephemeral storage is about /tmp and logs, not the app's size: it does not scale with workers. */
export const DEFAULT_EPHEMERAL_STORAGE = { request: Size.mebibytes(64), limit: Size.mebibytes(256) };

const RESOURCE_KEYS: KeysOf<ContainerResources> = { cpu: true, memory: true, ephemeralStorage: true };

/** Validated requests and limits, and what autoscaling and /tmp sizing need to know about them. */
export interface ResolvedResources {
  readonly requirements: k8s.ResourceRequirements;
  readonly hasCpuRequest: boolean;
  readonly hasMemoryRequest: boolean;
  readonly ephemeralLimitKib?: number;
}

/** The defaults for a container running `workers` uvicorn workers. */
export function defaultResources(workers: number): ContainerResources {
  return {
    cpu: {
      request: scaleCpu(DEFAULT_CPU_PER_WORKER.request, workers),
      limit: scaleCpu(DEFAULT_CPU_PER_WORKER.limit, workers),
    },
    memory: {
      request: scaleSize(DEFAULT_MEMORY_PER_WORKER.request, workers),
      limit: scaleSize(DEFAULT_MEMORY_PER_WORKER.limit, workers),
    },
    ephemeralStorage: DEFAULT_EPHEMERAL_STORAGE,
  };
}

/**
 * The app container's resources: given cpu and memory replace the defaults; ephemeral storage
 * keeps its default unless given too.
 */
export function resolveAppResources(given: ContainerResources | undefined, workers: number): ResolvedResources {
  const defaults = defaultResources(workers);
  knownKeys('resources', given, RESOURCE_KEYS);
  return resolveResources('resources', given ? { ephemeralStorage: defaults.ephemeralStorage, ...given } : defaults);
}

interface AmountKind { readonly is: (value: unknown) => boolean; readonly what: string }
const field = (value: unknown, key: string): unknown =>
  (value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined);
// Cpu and Size by shape, as cdk8s-plus-28 itself reads them (`cpu.amount`, `size.asString()`): a
// second copy of the package in node_modules makes instanceof fail for a real Cpu
const CPU: AmountKind = {
  is: (value) => value instanceof Cpu || typeof field(value, 'amount') === 'string',
  what: 'a Cpu (Cpu.millis(250) or Cpu.units(0.25)), not a string or a plain object',
};
const SIZE: AmountKind = {
  is: (value) => value instanceof Size || typeof field(value, 'asString') === 'function',
  what: 'a Size (e.g. Size.mebibytes(256)), not a string or a plain object',
};

/** The type, and for an object the type of the amount it carries (`{ amount: 0.1 }` from plain JS). */
function describeAmount(value: unknown): string {
  const amount = field(value, 'amount');
  return amount === undefined ? typeOf(value) : `${typeOf(value)} whose amount is a ${typeOf(amount)}, not a string`;
}

interface AmountPair { readonly request?: unknown; readonly limit?: unknown }

export function resolveResources(prop: string, resources: ContainerResources): ResolvedResources {
  knownKeys(prop, resources, RESOURCE_KEYS);
  const requests: Record<string, k8s.Quantity> = {};
  const limits: Record<string, k8s.Quantity> = {};
  const pair = (
    kubeName: string, propName: string, amounts: AmountPair | undefined,
    toNumber: (x: any) => number, render: (x: any) => string, kind: AmountKind,
  ) => {
    if (amounts === undefined) return undefined;
    const parsed: Record<'request' | 'limit', number | undefined> = { request: undefined, limit: undefined };
    for (const which of ['request', 'limit'] as const) {
      const amount = amounts[which];
      if (amount === undefined) continue;
      // the type first: a plain '250m' or { amount: 0.1 } (plain JS) has no amount to render or check
      if (!kind.is(amount)) ensure(`${prop}.${propName}.${which} must be ${kind.what}, got ${describeAmount(amount)}`);
      // issue 11: Kubernetes' quantity grammar and range, not JS Number() ('0x10', '1e+21Mi')
      ensure(checkQuantity(`${prop}.${propName}.${which}`, render(amount), { allowNegative: true }));
      let number = NaN;
      try { number = toNumber(amount); } catch { /* reported below */ }
      if (!Number.isFinite(number) || number <= 0) {
        reject(`${prop}.${propName}.${which}`, render(amount), 'a positive amount');
      }
      parsed[which] = number;
      (which === 'request' ? requests : limits)[kubeName] = k8s.Quantity.fromString(render(amount));
    }
    // Exact (the apiserver compares the quantities, not floats: 9007199254740993 > 9007199254740992).
    if (parsed.request !== undefined && parsed.limit !== undefined
      && compareQuantities(render(amounts.request), render(amounts.limit)) > 0) {
      reject(`${prop}.${propName}.request`, render(amounts.request), `at most the limit ${render(amounts.limit)}`);
    }
    return parsed;
  };
  const renderCpu = (cpu: Cpu) => String(cpu?.amount);
  const renderSize = (size: Size) => (typeof size?.asString === 'function' ? size.asString() : String(size));
  const cpu = pair('cpu', 'cpu', resources.cpu, cpuMillis, renderCpu, CPU);
  const memory = pair('memory', 'memory', resources.memory, sizeKib, renderSize, SIZE);
  const ephemeral = pair(
    'ephemeral-storage', 'ephemeralStorage', resources.ephemeralStorage, sizeKib, renderSize, SIZE,
  );
  return {
    requirements: {
      requests: Object.keys(requests).length ? requests : undefined,
      limits: Object.keys(limits).length ? limits : undefined,
    },
    hasCpuRequest: cpu?.request !== undefined,
    hasMemoryRequest: memory?.request !== undefined,
    ephemeralLimitKib: ephemeral?.limit,
  };
}
