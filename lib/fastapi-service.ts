import { ApiObjectMetadata, Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { HttpRoute, HttpRouteSpecRulesMatchesPathType } from '../imports/gateway.networking.k8s.io';
import { Component, instanceLabels, objectLabels, selectorLabels } from './_labels';
import { appPodTemplate, migrationPodTemplate } from './_pod';
import { Resolved, resolveProps } from './_resolve';
import { FastApiServiceProps } from './props';

/**
 * A FastAPI app served by uvicorn on Kubernetes: Deployment, Service, HorizontalPodAutoscaler,
 * ServiceAccount, NetworkPolicy, PodDisruptionBudget and, on request, an Ingress with TLS and a
 * one-shot migration Job. Secure (Pod Security "restricted") and production-correct by default.
 *
 * Construct ids of the children are a public contract: Deployment, Service, Autoscaler,
 * ServiceAccount, NetworkPolicy, DisruptionBudget, Ingress, HttpRoute, Migration.
 */
export class FastApiService extends Construct {
  /** Base name of the objects. */
  public readonly name: string;
  /** The Service's in-cluster DNS name (without the namespace). */
  public readonly serviceName: string;
  /** The port the Service listens on. */
  public readonly servicePort: number;
  public readonly deployment: k8s.KubeDeployment;
  public readonly service: k8s.KubeService;
  public readonly serviceAccount: k8s.KubeServiceAccount;
  /** Undefined when `autoscaling` is false. */
  public readonly autoscaler?: k8s.KubeHorizontalPodAutoscalerV2;
  /** Undefined when at most one replica can run. */
  public readonly disruptionBudget?: k8s.KubePodDisruptionBudget;
  /** Undefined when `networkPolicy` is false. */
  public readonly networkPolicy?: k8s.KubeNetworkPolicy;
  /** Undefined without `ingress`. */
  public readonly ingress?: k8s.KubeIngress;
  /** Undefined without `httpRoute`. */
  public readonly httpRoute?: HttpRoute;
  /** Undefined without `migration`. */
  public readonly migrationJob?: k8s.KubeJob;

  private readonly resolved: Resolved;

  constructor(scope: Construct, id: string, props: FastApiServiceProps) {
    super(scope, id);
    // Validate everything before creating anything: an invalid prop never yields a partial tree.
    const r = resolveProps(id, props);
    this.resolved = r;
    this.name = r.name;
    this.serviceName = `${r.name}-svc`;
    this.servicePort = r.servicePort;

    this.serviceAccount = new k8s.KubeServiceAccount(this, 'ServiceAccount', {
      metadata: this.metadata(r.name),
      automountServiceAccountToken: false,
    });

    this.deployment = new k8s.KubeDeployment(this, 'Deployment', {
      metadata: this.metadata(r.name),
      spec: {
        replicas: r.replicas,
        revisionHistoryLimit: r.revisionHistoryLimit,
        selector: { matchLabels: selectorLabels(r, 'api') },
        strategy: {
          type: 'RollingUpdate',
          // Never drop below the current capacity during a rollout; surge instead.
          rollingUpdate: { maxUnavailable: k8s.IntOrString.fromNumber(0), maxSurge: k8s.IntOrString.fromString('25%') },
        },
        template: appPodTemplate(r),
      },
    });

    this.service = new k8s.KubeService(this, 'Service', {
      metadata: this.metadata(this.serviceName),
      spec: {
        type: 'ClusterIP',
        selector: selectorLabels(r, 'api'),
        ports: [{ name: 'http', port: r.servicePort, targetPort: k8s.IntOrString.fromString('http'), protocol: 'TCP' }],
      },
    });

    if (r.autoscaling) {
      const a = r.autoscaling;
      const utilization = (resource: string, averageUtilization: number): k8s.MetricSpecV2 => ({
        type: 'Resource',
        resource: { name: resource, target: { type: 'Utilization', averageUtilization } },
      });
      this.autoscaler = new k8s.KubeHorizontalPodAutoscalerV2(this, 'Autoscaler', {
        metadata: this.metadata(`${r.name}-hpa`),
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: r.name },
          minReplicas: a.minReplicas,
          maxReplicas: a.maxReplicas,
          metrics: [
            utilization('cpu', a.cpuUtilization),
            ...(a.memoryUtilization !== undefined ? [utilization('memory', a.memoryUtilization)] : []),
          ],
          behavior: {
            scaleUp: {
              stabilizationWindowSeconds: a.scaleUpSeconds,
              selectPolicy: 'Max',
              policies: [{ type: 'Percent', value: 100, periodSeconds: 30 }, { type: 'Pods', value: 4, periodSeconds: 30 }],
            },
            scaleDown: {
              stabilizationWindowSeconds: a.scaleDownSeconds,
              selectPolicy: 'Max',
              policies: [{ type: 'Percent', value: 50, periodSeconds: 60 }],
            },
          },
        },
      });
    }

    if (r.disruptionBudget) {
      this.disruptionBudget = new k8s.KubePodDisruptionBudget(this, 'DisruptionBudget', {
        metadata: this.metadata(`${r.name}-pdb`),
        spec: {
          // maxUnavailable (not minAvailable) so a node drain never deadlocks at minReplicas 1.
          maxUnavailable: k8s.IntOrString.fromNumber(1),
          selector: { matchLabels: selectorLabels(r, 'api') },
          // Let drains evict pods that are not ready anyway (crash-looping) instead of blocking.
          unhealthyPodEvictionPolicy: 'AlwaysAllow',
        },
      });
    }

    if (r.networkPolicy) {
      const { allowFromNamespaces: namespaces, allowEgressTo: cidrs } = r.networkPolicy;
      const dns = [53].flatMap((port) => ['UDP', 'TCP'].map((protocol) => ({ protocol, port: k8s.IntOrString.fromNumber(port) })));
      this.networkPolicy = new k8s.KubeNetworkPolicy(this, 'NetworkPolicy', {
        metadata: this.metadata(`${r.name}-netpol`),
        spec: {
          // Every pod of the instance, the migration Job's too: none of them accepts other traffic.
          podSelector: { matchLabels: instanceLabels(r) },
          policyTypes: ['Ingress', 'Egress'],
          ingress: [{
            from: namespaces
              ? [{ podSelector: {} }, ...namespaces.map((ns) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ns } } }))]
              : undefined,
            ports: [{ protocol: 'TCP', port: k8s.IntOrString.fromNumber(r.port) }],
          }],
          egress: cidrs
            ? [{ ports: dns }, { to: cidrs.map((cidr) => ({ ipBlock: { cidr } })) }]
            : [{}],
        },
      });
    }

    if (r.ingress) {
      const i = r.ingress;
      this.ingress = new k8s.KubeIngress(this, 'Ingress', {
        metadata: { ...this.metadata(`${r.name}-ingress`), annotations: Object.keys(i.annotations).length ? i.annotations : undefined },
        spec: {
          ingressClassName: i.className,
          tls: i.tlsSecretName ? [{ hosts: [i.host], secretName: i.tlsSecretName }] : undefined,
          rules: [{
            host: i.host,
            http: {
              paths: [{
                path: i.path,
                pathType: 'Prefix',
                backend: { service: { name: this.serviceName, port: { name: 'http' } } },
              }],
            },
          }],
        },
      });
    }

    if (r.httpRoute) {
      const h = r.httpRoute;
      this.httpRoute = new HttpRoute(this, 'HttpRoute', {
        metadata: this.metadata(`${r.name}-route`),
        spec: {
          parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', ...h.gateway }],
          hostnames: h.hostnames,
          rules: [{
            matches: [{ path: { type: HttpRouteSpecRulesMatchesPathType.PATH_PREFIX, value: h.path } }],
            backendRefs: [{ name: this.serviceName, port: r.servicePort }],
          }],
        },
      });
    }

    if (r.migration) {
      const m = r.migration;
      this.migrationJob = new k8s.KubeJob(this, 'Migration', {
        metadata: {
          ...this.metadata(m.jobName, 'migration'),
          annotations: m.hookAnnotations ? {
            'argocd.argoproj.io/hook': 'PreSync',
            'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation',
            'helm.sh/hook': 'pre-install,pre-upgrade',
            'helm.sh/hook-delete-policy': 'before-hook-creation',
          } : undefined,
        },
        spec: {
          backoffLimit: m.backoffLimit,
          activeDeadlineSeconds: m.activeDeadlineSeconds,
          ttlSecondsAfterFinished: m.ttlSeconds,
          template: migrationPodTemplate(r),
        },
      });
    }
  }

  /** The in-cluster URL of the Service, e.g. for a load test or another service's config. */
  public get url(): string {
    const ns = this.resolved.namespace ?? Chart.of(this).namespace;
    const host = ns ? `${this.serviceName}.${ns}.svc` : this.serviceName;
    return `http://${host}:${this.servicePort}`;
  }

  private metadata(name: string, component: Component = 'api'): ApiObjectMetadata {
    return { name, namespace: this.resolved.namespace, labels: objectLabels(this.resolved, component) };
  }
}
