/** The issue-11 checks of LoadTestProps. */
import { checkLabelValue } from './names';
import { Check, Props, firstOf, optional, scanProps } from './props-common';
import { checkNumber, checkString } from './runtime-types';
import { findSecretInValue } from './secret-values';

/**
 * A ConfigMap's data, all values together, in bytes: k8s.io/kubernetes pkg/apis/core/validation
 * ValidateConfigMap sums `len(value)` (Go: UTF-8 bytes) over data and binaryData and refuses more
 * than core.MaxSecretSize = 1 MiB ("Too long: must have at most 1048576 bytes").
 */
export const MAX_CONFIG_MAP_DATA_BYTES = 1024 * 1024;

/** LoadTestProps: runtime types and YAML-safe strings (the locustfile is ConfigMap data: NUL allowed). */
export function checkLoadTestProps(props: Props): Check {
  return firstOf(
    () => checkString('locustfile', props.locustfile),
    () => optional(props.image, () => checkString('image', props.image, { nonEmpty: true })),
    () => optional(props.users, () => checkNumber('users', props.users, { integer: true })),
    () => optional(props.spawnRate, () => checkNumber('spawnRate', props.spawnRate, { integer: true })),
    () => scanProps('', { ...props, target: undefined }),
  );
}

/** The locustfile fits its ConfigMap and holds no secret by value (the message never shows it). */
export function checkLocustfile(prop: string, locustfile: string): Check {
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

/** The Locust image's tag becomes the `app.kubernetes.io/version` label of the ConfigMap, Job and pods. */
export function checkLocustVersion(prop: string, version: string): Check {
  return checkLabelValue(prop, version);
}
