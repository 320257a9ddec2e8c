import { k8s } from 'cdk8s-plus-28';
import { ResolvedPlacement } from './placement';
import { ResolvedSidecar } from './sidecars';
import { ResolvedVolumes } from './volumes';

/**
 * What a user adds to the pods beyond the construct's defaults: volumes, sidecars, placement and
 * annotations. Applied to the long-running pods (the Deployment's, a worker's), never to the
 * migration Job's, where a long-running sidecar would keep the Job from completing.
 */
export interface PodExtras {
  readonly volumes: ResolvedVolumes;
  readonly sidecars: ResolvedSidecar[];
  readonly placement: ResolvedPlacement;
  readonly annotations: Record<string, string>;
}

/** A sidecar under the same restricted security context as the app, with /tmp and its named mounts. */
function sidecarContainer(
  sidecar: ResolvedSidecar, extras: PodExtras, pullPolicy: string, securityContext: k8s.SecurityContext,
  tmpMount: k8s.VolumeMount,
): k8s.Container {
  return {
    name: sidecar.name,
    image: sidecar.image,
    imagePullPolicy: pullPolicy,
    command: sidecar.command,
    args: sidecar.args,
    ports: sidecar.port !== undefined ? [{ name: 'health', containerPort: sidecar.port, protocol: 'TCP' }] : undefined,
    env: sidecar.env.length ? sidecar.env : undefined,
    resources: sidecar.resources.requirements,
    livenessProbe: sidecar.livenessProbe,
    readinessProbe: sidecar.readinessProbe,
    securityContext,
    volumeMounts: [
      tmpMount, ...extras.volumes.mounts.filter((mount) => sidecar.volumeMounts.includes(mount.name)),
    ],
  };
}

/**
 * The pod spec with the extras: the first container (the app or worker) gets every volume's mount,
 * sidecars follow it, placement fields are set, and `placement.affinity` replaces the default.
 */
export function applyPodExtras(spec: k8s.PodSpec, extras: PodExtras | undefined): k8s.PodSpec {
  if (!extras) return spec;
  const [main, ...rest] = spec.containers;
  const tmpMount = main.volumeMounts![0];
  const withMounts = { ...main, volumeMounts: [...(main.volumeMounts ?? []), ...extras.volumes.mounts] };
  const sidecars = extras.sidecars.map((sidecar) =>
    sidecarContainer(sidecar, extras, main.imagePullPolicy!, main.securityContext!, tmpMount));
  const { placement } = extras;
  return {
    ...spec,
    containers: [withMounts, ...rest, ...sidecars],
    volumes: [...(spec.volumes ?? []), ...extras.volumes.volumes],
    nodeSelector: placement.nodeSelector,
    tolerations: placement.tolerations,
    priorityClassName: placement.priorityClassName,
    affinity: placement.affinity ?? spec.affinity,
  };
}
