import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { Component, ServiceIdentity, objectMetadata, selectorLabels } from './_labels';

/**
 * The PodDisruptionBudget: no options. It exists exactly when more than one pod can run, since
 * with one pod it could only block node drains without protecting anything.
 */

/** At most one pod of the service down by voluntary disruption at a time. */
export const MAX_UNAVAILABLE = 1;

/** The PDB `<name>-pdb`, construct id `DisruptionBudget`, when `maxPods` exceeds one. */
export function renderDisruptionBudget(
  scope: Construct, identity: ServiceIdentity, maxPods: number, component: Component = 'api',
): k8s.KubePodDisruptionBudget | undefined {
  if (maxPods <= 1) return undefined;
  return new k8s.KubePodDisruptionBudget(scope, 'DisruptionBudget', {
    metadata: objectMetadata(identity, `${identity.name}-pdb`, component),
    spec: {
      // maxUnavailable (not minAvailable) so a node drain never deadlocks at minReplicas 1.
      maxUnavailable: k8s.IntOrString.fromNumber(MAX_UNAVAILABLE),
      selector: { matchLabels: selectorLabels(identity, component) },
      // Let drains evict pods that are not ready anyway (crash-looping) instead of blocking.
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
    },
  });
}
