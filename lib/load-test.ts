import { Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { parsePinnedImage, versionOf } from './_image';
import { integerIn, knownKeys, reject, wholeSeconds } from './_validate';
import { FastApiService } from './fastapi-service';

/** Props of LoadTest. */
export interface LoadTestProps {
  /** The service under load; the test targets its in-cluster URL. */
  readonly target: FastApiService;
  /** The locustfile's Python source (e.g. `fs.readFileSync('app/locustfile.py', 'utf8')`). */
  readonly locustfile: string;
  /**
   * Concurrent simulated users.
   * @default 50
   */
  readonly users?: number;
  /**
   * Users started per second.
   * @default 10
   */
  readonly spawnRate?: number;
  /**
   * How long the test runs; the Job's deadline adds two minutes for start-up.
   * @default Duration.minutes(2)
   */
  readonly runTime?: Duration;
  /**
   * The Locust image, pinned.
   * @default 'locustio/locust:2.47.0'
   */
  readonly image?: string;
}

const KEYS: Record<keyof LoadTestProps, true> = { target: true, locustfile: true, users: true, spawnRate: true, runTime: true, image: true };

/**
 * The seed's `pip install locust; locust`, as a Kubernetes Job: a bounded, headless Locust run
 * against the Service from inside the cluster, so the HPA can be watched scaling under load.
 * The locustfile ships in a ConfigMap. Objects: ConfigMap and Job, both named `<target>-load-test`.
 */
export class LoadTest extends Construct {
  public readonly configMap: k8s.KubeConfigMap;
  public readonly job: k8s.KubeJob;

  constructor(scope: Construct, id: string, props: LoadTestProps) {
    super(scope, id);
    knownKeys('', props, Object.keys(KEYS));
    if (!(props.target instanceof FastApiService)) reject('target', typeof props.target, 'a FastApiService');
    if (typeof props.locustfile !== 'string' || !props.locustfile.trim()) reject('locustfile', props.locustfile, 'the non-empty Python source of a locustfile');
    integerIn('users', props.users, 1, 10000);
    const users = props.users ?? 50;
    integerIn('spawnRate', props.spawnRate, 1, users);
    const runSeconds = wholeSeconds('runTime', props.runTime, 120, 1, 3600);
    const image = props.image ?? 'locustio/locust:2.47.0';
    const name = `${props.target.name}-load-test`;
    const ns = props.target.deployment.metadata.namespace;
    const labels = {
      'app.kubernetes.io/name': props.target.name,
      'app.kubernetes.io/instance': props.target.name,
      'app.kubernetes.io/component': 'load-test',
      'app.kubernetes.io/version': versionOf(parsePinnedImage(image)),
      'app.kubernetes.io/part-of': props.target.deployment.metadata.getLabel('app.kubernetes.io/part-of') ?? props.target.name,
      'app.kubernetes.io/managed-by': 'cdk8s',
    };

    this.configMap = new k8s.KubeConfigMap(this, 'Locustfile', {
      metadata: { name, namespace: ns, labels },
      data: { 'locustfile.py': props.locustfile },
    });

    this.job = new k8s.KubeJob(this, 'Job', {
      metadata: { name, namespace: ns, labels },
      spec: {
        backoffLimit: 0,
        activeDeadlineSeconds: runSeconds + 120,
        ttlSecondsAfterFinished: 3600,
        template: {
          metadata: { labels },
          spec: {
            restartPolicy: 'Never',
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            securityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } },
            containers: [{
              name: 'locust',
              image,
              imagePullPolicy: 'Always',
              command: [
                'locust', '-f', '/locust/locustfile.py', '--headless',
                '--users', String(users), '--spawn-rate', String(props.spawnRate ?? Math.min(10, users)),
                '--run-time', `${runSeconds}s`, '--host', props.target.url, '--only-summary',
              ],
              env: [{ name: 'HOME', value: '/tmp' }],
              resources: {
                requests: { 'cpu': k8s.Quantity.fromString('500m'), 'memory': k8s.Quantity.fromString('256Mi'), 'ephemeral-storage': k8s.Quantity.fromString('64Mi') },
                limits: { 'cpu': k8s.Quantity.fromString('1000m'), 'memory': k8s.Quantity.fromString('512Mi'), 'ephemeral-storage': k8s.Quantity.fromString('256Mi') },
              },
              securityContext: {
                allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true,
                runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, capabilities: { drop: ['ALL'] },
              },
              volumeMounts: [{ name: 'locustfile', mountPath: '/locust', readOnly: true }, { name: 'tmp', mountPath: '/tmp' }],
            }],
            volumes: [
              { name: 'locustfile', configMap: { name } },
              { name: 'tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString('64Mi') } },
            ],
          },
        },
      },
    });
  }
}
