import { ContainerResources, EnvValue, k8s } from 'cdk8s-plus-28';
import { Cpu } from 'cdk8s-plus-28';
import { Size } from 'cdk8s';
import { reject } from './errors';
import { Check, checkArgv, field, firstOf, optional } from './checks/props-common';
import { checkArray, checkStringArray, normalizeNumbers } from './checks/runtime-types';
import { parsePinnedImage } from './_image';
import {
  KeysOf, Range, dns1123Label, execCommand, httpPath, instanceOf, integerIn, knownKeys, unique,
} from './_validate';
import { checkEnv, checkEnvMap, checkEnvTypes, renderEnv } from './env';
import { DEFAULT_EPHEMERAL_STORAGE, ResolvedResources, resolveResources } from './resources';

/**
 * Sidecars: extra long-running containers in the app's pods (a database proxy, a log shipper).
 *
 * They are regular containers, not Kubernetes native sidecars (init containers with
 * `restartPolicy: Always`): that feature is alpha and off by default in Kubernetes 1.28 (beta, on
 * by default, from 1.29), and on a 1.28 apiserver with default gates the field is dropped, which
 * turns the sidecar into an init container that never finishes. So on shutdown every container
 * gets SIGTERM at the same time, after its own preStop hook: the app's preStop sleep delays
 * uvicorn's SIGTERM, the sidecar's does not. A sidecar the app needs while it drains (a database
 * proxy) must therefore outlive `preStopDelay + gracefulTimeout` after SIGTERM itself, e.g.
 * cloud-sql-proxy's `--max-sigterm-delay=25s` with the defaults (5s + 20s).
 */

/** HTTP health endpoints of a sidecar, probed on its own port. */
export interface SidecarHealthOptions {
  /** The port the sidecar serves its health endpoints on (1-65535). */
  readonly port: number;
  /** Path of the liveness endpoint; a failure restarts the sidecar. */
  readonly livenessPath: string;
  /**
   * Path of the readiness endpoint; while it fails, the whole pod is out of the Service.
   * @default - the liveness path
   */
  readonly readinessPath?: string;
}

/** Options of `Sidecar.container`. */
export interface SidecarOptions {
  /** Container name: a DNS-1123 label, not 'app' and unique in the pod. */
  readonly name: string;
  /** The image, pinned by tag or digest. */
  readonly image: string;
  /**
   * Exec-form command.
   * @default - the image's entrypoint
   */
  readonly command?: string[];
  /**
   * Arguments to the command or entrypoint.
   * @default - none
   */
  readonly args?: string[];
  /**
   * Environment variables (secrets by reference, as for the app).
   * @default - none
   */
  readonly env?: Record<string, EnvValue>;
  /**
   * Requests and limits. They count in the pod's size and in the HPA: CPU utilization is the
   * pods' summed usage over the summed requests of all their containers.
   * @default - DEFAULT_SIDECAR_CPU (100m request, 500m limit),
   *   DEFAULT_SIDECAR_MEMORY (64Mi request, 256Mi limit), DEFAULT_EPHEMERAL_STORAGE (64Mi request, 256Mi limit)
   */
  readonly resources?: ContainerResources;
  /**
   * HTTP liveness and readiness probes on the sidecar's health port.
   * @default - no probes; the policy plugin then flags the pod, so give one where the sidecar has an endpoint
   */
  readonly health?: SidecarHealthOptions;
  /**
   * Names of pod volumes (from `volumes`) mounted in the sidecar too, at the same path.
   * @default - none; /tmp is always mounted
   */
  readonly volumeMounts?: string[];
}

export const DEFAULT_SIDECAR_CPU = { request: Cpu.millis(100), limit: Cpu.millis(500) };
export const DEFAULT_SIDECAR_MEMORY = { request: Size.mebibytes(64), limit: Size.mebibytes(256) };

const PORT: Range = { min: 1, max: 65535 };
const KEYS: KeysOf<SidecarOptions> = {
  name: true, image: true, command: true, args: true, env: true, resources: true, health: true, volumeMounts: true,
};
const HEALTH_KEYS: KeysOf<SidecarHealthOptions> = { port: true, livenessPath: true, readinessPath: true };

/** A sidecar container: `Sidecar.container({...})`. */
export class Sidecar {
  /** A long-running container beside the app, under the same restricted security context. */
  public static container(options: SidecarOptions): Sidecar {
    // -0 (JSON.parse('-0')) is written 0, as kubectl reads it, not `-0` (issue 11)
    return new Sidecar(normalizeNumbers(options));
  }

  private constructor(/** @internal */ public readonly _options: SidecarOptions) {}
}

/** A sidecar, validated; the pod module renders it with the shared security context and /tmp. */
export interface ResolvedSidecar {
  readonly name: string;
  readonly image: string;
  readonly command?: string[];
  readonly args?: string[];
  readonly env: k8s.EnvVar[];
  readonly resources: ResolvedResources;
  readonly port?: number;
  readonly livenessProbe?: k8s.Probe;
  readonly readinessProbe?: k8s.Probe;
  readonly volumeMounts: string[];
}

function httpProbe(path: string, port: number, period: number): k8s.Probe {
  return {
    httpGet: { path, port: k8s.IntOrString.fromNumber(port) },
    periodSeconds: period, timeoutSeconds: 2, failureThreshold: 3,
  };
}

export function resolveSidecars(given: Sidecar[] | undefined, volumeNames: string[]): ResolvedSidecar[] {
  if (given === undefined) return [];
  if (!Array.isArray(given)) reject('sidecars', given, 'a list of Sidecars');
  const resolved = given.map((entry, i): ResolvedSidecar => {
    const prop = `sidecars[${i}]`;
    const options = instanceOf(prop, entry, Sidecar, 'a Sidecar (Sidecar.container({...}))')._options;
    knownKeys(prop, options, KEYS);
    dns1123Label(`${prop}.name`, options.name);
    if (options.name === undefined || options.name === 'app') {
      reject(`${prop}.name`, options.name, 'a DNS-1123 label other than \'app\'');
    }
    parsePinnedImage(options.image, `${prop}.image`);
    const command = options.command === undefined ? undefined : execCommand(`${prop}.command`, options.command);
    const notString = (arg: unknown) => typeof arg !== 'string';
    if (options.args !== undefined && (!Array.isArray(options.args) || options.args.some(notString))) {
      reject(`${prop}.args`, options.args, 'a list of strings');
    }
    checkEnv(`${prop}.env`, options.env);
    knownKeys(`${prop}.resources`, options.resources, { cpu: true, memory: true, ephemeralStorage: true });
    const resources = resolveResources(`${prop}.resources`, {
      cpu: DEFAULT_SIDECAR_CPU, memory: DEFAULT_SIDECAR_MEMORY, ephemeralStorage: DEFAULT_EPHEMERAL_STORAGE,
      ...(options.resources ?? {}),
    });
    const health = options.health;
    knownKeys(`${prop}.health`, health, HEALTH_KEYS);
    if (health !== undefined) {
      integerIn(`${prop}.health.port`, health.port, PORT);
      if (health.port === undefined) reject(`${prop}.health.port`, undefined, 'a port between 1 and 65535');
      httpPath(`${prop}.health.livenessPath`, health.livenessPath);
      if (health.livenessPath === undefined) reject(`${prop}.health.livenessPath`, undefined, 'an absolute HTTP path');
      httpPath(`${prop}.health.readinessPath`, health.readinessPath);
    }
    const mounts = options.volumeMounts ?? [];
    mounts.forEach((name, index) => {
      if (!volumeNames.includes(name)) {
        reject(`${prop}.volumeMounts[${index}]`, name,
          `the name of a pod volume (${volumeNames.join(', ') || 'none given'})`);
      }
    });
    unique(`${prop}.volumeMounts`, mounts);
    return {
      name: options.name,
      image: options.image,
      command,
      args: options.args ? [...options.args] : undefined,
      env: renderEnv(options.env ?? {}),
      resources,
      port: health?.port,
      livenessProbe: health ? httpProbe(health.livenessPath, health.port, 10) : undefined,
      readinessProbe: health ? httpProbe(health.readinessPath ?? health.livenessPath, health.port, 5) : undefined,
      volumeMounts: [...mounts],
    };
  });
  unique('sidecars name', resolved.map((sidecar) => sidecar.name));
  return resolved;
}

/** The HPA's CPU utilization is summed usage over summed requests: a sidecar without a CPU request breaks it. */
export function checkSidecarCpu(sidecars: ResolvedSidecar[], autoscalingOnCpu: boolean): void {
  if (!autoscalingOnCpu) return;
  sidecars.forEach((sidecar, i) => {
    if (!sidecar.resources.hasCpuRequest) {
      reject(`sidecars[${i}].resources.cpu.request`, undefined,
        'set when autoscaling on CPU: the HPA measures utilization against the requests of all containers');
    }
  });
}

/** Runtime types of the sidecars' options (plain-JS callers), before the walk over every string. */
export function checkSidecarTypes(sidecars: unknown): Check {
  return optional(sidecars, () => checkArray('sidecars', sidecars, (prop, sidecar) => {
    const options = field(sidecar, '_options');
    return firstOf(
      () => optional(field(options, 'command'), () => checkStringArray(`${prop}.command`, field(options, 'command'))),
      () => optional(field(options, 'args'), () => checkStringArray(`${prop}.args`, field(options, 'args'))),
      () => checkEnvTypes(`${prop}.env`, field(options, 'env')),
      () => optional(field(options, 'volumeMounts'),
        () => checkStringArray(`${prop}.volumeMounts`, field(options, 'volumeMounts'))),
    );
  }));
}

/** The pod a sidecar joins: the names and the port it must not take. */
export interface SidecarNeighbours {
  /** The first container's name ('app' or 'worker'). */
  readonly mainContainer: string;
  /** Names of init containers (they share the pod's container name space). */
  readonly initContainers: readonly string[];
  /** The main container's port, which a sidecar cannot also listen on (one network namespace per pod). */
  readonly mainPort?: number;
}

/** Argv, env and the pod-wide conflicts of the sidecars, after their own validation. */
export function checkSidecarRules(sidecars: unknown, pod: SidecarNeighbours): Check {
  const given = Array.isArray(sidecars) ? sidecars : [];
  return firstOf(...given.map((sidecar, i) => () => {
    const options = field(sidecar, '_options');
    const name = field(options, 'name');
    const port = field(field(options, 'health'), 'port');
    return firstOf(
      () => checkArgv(`sidecars[${i}].command`, field(options, 'command')),
      () => checkArgv(`sidecars[${i}].args`, field(options, 'args')),
      () => checkEnvMap(`sidecars[${i}].env`, field(options, 'env')),
      // K core validateContainers/validateInitContainers: names are unique across all containers of a pod
      () => (name === pod.mainContainer || pod.initContainers.includes(name as string)
        ? `sidecars[${i}].name must be unique among the pod's containers (${name === pod.mainContainer
          ? 'the main container is' : 'an init container is'} named so), got '${name as string}'` : undefined),
      () => (port !== undefined && port === pod.mainPort
        ? `sidecars[${i}].health.port must differ from the ${pod.mainContainer} container's port (the containers`
          + ` of a pod share one network namespace), got ${port as number}` : undefined),
    );
  }));
}
