import { Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ensure, reject, validating } from './errors';
import { checkJobName, checkLabelValue } from './checks/names';
import { Check, Props, firstOf, optional, scanProps } from './checks/props-common';
import { checkNumber, checkString } from './checks/runtime-types';
import { findSecretInValue } from './checks/secret-values';
import { parsePinnedImage, versionOf } from './_image';
import { checkChartLabels, objectMetadata, objectLabels } from './_labels';
import { ensureFitsClientSideApply } from './_size';
import { ensureUnique } from './_unique';
import { KeysOf, Range, integerIn, knownKeys, wholeSeconds } from './_validate';
import { FastApiService } from './fastapi-service';
import { DEFAULT_GROUP, DEFAULT_USER, restrictedContainerSecurity, restrictedPodSecurity } from './pod';

/** Props of LoadTest. */
export interface LoadTestProps {
  /** The service under load; the test targets its in-cluster URL. */
  readonly target: FastApiService;
  /** The locustfile's Python source (e.g. `fs.readFileSync('app/locustfile.py', 'utf8')`). */
  readonly locustfile: string;
  /**
   * Concurrent simulated users.
   * @default DEFAULT_USERS (50)
   */
  readonly users?: number;
  /**
   * Users started per second (at most `users`).
   * @default - the smaller of DEFAULT_SPAWN_RATE (10) and users
   */
  readonly spawnRate?: number;
  /**
   * How long the test runs; the Job's deadline adds START_UP_ALLOWANCE (120s) for start-up.
   * @default DEFAULT_RUN_TIME (120s)
   */
  readonly runTime?: Duration;
  /**
   * The Locust image, pinned.
   * @default DEFAULT_LOCUST_IMAGE ('locustio/locust:2.47.0')
   */
  readonly image?: string;
}

export const DEFAULT_USERS = 50;
export const DEFAULT_SPAWN_RATE = 10;
export const DEFAULT_RUN_TIME = Duration.minutes(2);
export const DEFAULT_LOCUST_IMAGE = 'locustio/locust:2.47.0';
/** Added to the run time for the Job's deadline: image pull and Locust start-up. */
export const START_UP_ALLOWANCE = Duration.minutes(2);
/** A finished load test's logs are kept for an hour. */
const TTL_SECONDS = 3600;
const USERS: Range = { min: 1, max: 10000 };
const RUN_SECONDS: Range = { min: 1, max: 3600 };
const KEYS: KeysOf<LoadTestProps> = {
  target: true, locustfile: true, users: true, spawnRate: true, runTime: true, image: true,
};

/**
 * A bounded, headless Locust run (`pip install locust; locust`, as a Kubernetes Job) against the
 * Service from inside the cluster, so the HPA can be watched scaling under load. The locustfile
 * ships in a ConfigMap. Objects: ConfigMap and Job, both named `<target>-load-test`.
 */
export class LoadTest extends Construct {
  /** The ConfigMap holding the locustfile. */
  public readonly configMap: k8s.KubeConfigMap;
  /** The Locust Job. */
  public readonly job: k8s.KubeJob;

  constructor(scope: Construct, id: string, props: LoadTestProps) {
    super(scope, id);
    const { users, spawnRate, runSeconds, image } = validating(this, () => {
      knownKeys('', props, KEYS);
      if (!(props.target instanceof FastApiService)) reject('target', typeof props.target, 'a FastApiService');
      // issue 11: runtime types, YAML-safe strings; the Job name fits its pods' job-name label
      ensure(checkLoadTestProps(props as unknown as Record<string, unknown>));
      const jobName = `${props.target.name}-load-test`;
      ensure(checkJobName(`Job name (from target '${props.target.node.path}')`, jobName));
      if (typeof props.locustfile !== 'string' || !props.locustfile.trim()) {
        reject('locustfile', props.locustfile, 'the non-empty Python source of a locustfile');
      }
      ensure(checkLocustfile('locustfile', props.locustfile));
      integerIn('users', props.users, USERS);
      const userCount = props.users ?? DEFAULT_USERS;
      integerIn('spawnRate', props.spawnRate, { min: 1, max: userCount });
      const locustImage = props.image ?? DEFAULT_LOCUST_IMAGE;
      // the image's tag becomes the app.kubernetes.io/version label of the ConfigMap, Job and pods
      ensure(checkLabelValue('image (its tag is the version label)', versionOf(parsePinnedImage(locustImage))));
      checkChartLabels(this, ['Job']);
      // issue 11: one LoadTest per Job name and namespace, and no object of the app's namespace overwritten
      // (last: a rejected LoadTest is never recorded)
      ensureUnique(this, {
        what: 'LoadTest', prop: 'target', name: jobName, namespace: props.target._identity.namespace,
        objects: [{ kind: 'ConfigMap', name: jobName }, { kind: 'Job', name: jobName }],
      });
      return {
        users: userCount,
        spawnRate: props.spawnRate ?? Math.min(DEFAULT_SPAWN_RATE, userCount),
        runSeconds: wholeSeconds('runTime', props.runTime, DEFAULT_RUN_TIME.toSeconds(), RUN_SECONDS),
        image: locustImage,
      };
    });
    // The target's name and part-of, Locust's version; the target's own labels stay on the target.
    const identity = {
      ...props.target._identity,
      version: versionOf(parsePinnedImage(image)),
      userLabels: {},
    };
    const name = `${props.target.name}-load-test`;
    const security = { user: DEFAULT_USER, group: DEFAULT_GROUP };
    const quantity = (amount: string) => k8s.Quantity.fromString(amount);

    this.configMap = new k8s.KubeConfigMap(this, 'Locustfile', {
      metadata: objectMetadata(identity, name, 'load-test'),
      data: { 'locustfile.py': props.locustfile },
    });
    this.job = new k8s.KubeJob(this, 'Job', {
      metadata: objectMetadata(identity, name, 'load-test'),
      spec: {
        backoffLimit: 0,
        activeDeadlineSeconds: runSeconds + START_UP_ALLOWANCE.toSeconds(),
        ttlSecondsAfterFinished: TTL_SECONDS,
        template: {
          metadata: { labels: objectLabels(identity, 'load-test') },
          spec: {
            restartPolicy: 'Never',
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            securityContext: restrictedPodSecurity(security, false),
            containers: [{
              name: 'locust',
              image,
              imagePullPolicy: 'Always',
              command: [
                'locust', '-f', '/locust/locustfile.py', '--headless',
                '--users', String(users), '--spawn-rate', String(spawnRate),
                '--run-time', `${runSeconds}s`, '--host', props.target.url, '--only-summary',
              ],
              env: [{ name: 'HOME', value: '/tmp' }],
              resources: {
                requests: {
                  'cpu': quantity('500m'), 'memory': quantity('256Mi'), 'ephemeral-storage': quantity('64Mi'),
                },
                limits: {
                  'cpu': quantity('1000m'), 'memory': quantity('512Mi'), 'ephemeral-storage': quantity('256Mi'),
                },
              },
              securityContext: restrictedContainerSecurity(security),
              volumeMounts: [
                { name: 'locustfile', mountPath: '/locust', readOnly: true },
                { name: 'tmp', mountPath: '/tmp' },
              ],
            }],
            volumes: [
              { name: 'locustfile', configMap: { name } },
              { name: 'tmp', emptyDir: { sizeLimit: quantity('64Mi') } },
            ],
          },
        },
      },
    });
    // issue 11: the locustfile's ConfigMap fits client-side `kubectl apply`'s last-applied annotation
    ensureFitsClientSideApply(this, [props, props.target._identity]);
  }
}

/**
 * A ConfigMap's data, all values together, in bytes: k8s.io/kubernetes pkg/apis/core/validation
 * ValidateConfigMap sums `len(value)` (Go: UTF-8 bytes) over data and binaryData and refuses more
 * than core.MaxSecretSize = 1 MiB ("Too long: must have at most 1048576 bytes").
 */
export const MAX_CONFIG_MAP_DATA_BYTES = 1024 * 1024;

/** LoadTestProps: runtime types and YAML-safe strings (the locustfile is ConfigMap data: NUL allowed). */
function checkLoadTestProps(props: Props): Check {
  return firstOf(
    () => checkString('locustfile', props.locustfile),
    () => optional(props.image, () => checkString('image', props.image, { nonEmpty: true })),
    () => optional(props.users, () => checkNumber('users', props.users, { integer: true })),
    () => optional(props.spawnRate, () => checkNumber('spawnRate', props.spawnRate, { integer: true })),
    () => scanProps('', { ...props, target: undefined }),
  );
}

/** The locustfile fits its ConfigMap and holds no secret by value (the message never shows it). */
function checkLocustfile(prop: string, locustfile: string): Check {
  const bytes = Buffer.byteLength(locustfile, 'utf8');
  if (bytes > MAX_CONFIG_MAP_DATA_BYTES) {
    return `${prop} must be at most ${MAX_CONFIG_MAP_DATA_BYTES} bytes in UTF-8 (1 MiB, the apiserver's limit on a `
      + `ConfigMap's data), got ${bytes} bytes`;
  }
  const secret = findSecretInValue(locustfile);
  if (secret) {
    return `${prop} contains a value that looks like ${secret.reason}: the locustfile is written into a ConfigMap, `
      + 'in plain text in the manifests; keep the secret out of the locustfile';
  }
  return undefined;
}
