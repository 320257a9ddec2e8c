/** The issue-11 checks of FastApiWorkerProps (the same as the service's, where the props are the same). */
import { checkEnvTypes } from '../env';
import { checkNamespace } from './names';
import { checkPodExtrasTypes } from './pod-extras';
import { Check, Props, checkArgv, field, firstOf, optional, scanProps } from './props-common';
import { checkArray, checkString, checkStringArray } from './runtime-types';
import { checkNoSecretValue } from './secret-values';
import { checkYamlString } from './yaml-safe';

/** FastApiWorkerProps: runtime types and YAML-safe strings (the same checks as the service's). */
export function checkWorkerTypes(props: Props): Check {
  const liveness = props.liveness;
  const string = (name: string) => () => optional(props[name], () => checkString(name, props[name]));
  return firstOf(
    () => optional(props.command, () => checkStringArray('command', props.command)),
    string('name'), string('namespace'),
    () => optional(props.image, () => checkString('image', props.image, { nonEmpty: true })),
    () => checkEnvTypes('env', props.env),
    () => optional(props.envFrom, () => checkArray('envFrom', props.envFrom)),
    () => optional(field(liveness, '_command'),
      () => checkStringArray('liveness command', field(liveness, '_command'))),
    // the reason is written as the value of the waiver annotation (NUL round-trips there)
    () => optional(field(liveness, '_reason'), () => checkString('liveness reason', field(liveness, '_reason'))),
    // `service` is the FastApiService the worker shares, not the service options
    () => checkPodExtrasTypes({ ...props, service: undefined }),
    // every string reaches dist/: YAML-safe, and no secret by value (ServiceEnv.notSecret exempts an env value)
    () => scanProps('', { ...props, liveness: undefined, service: undefined }, { secrets: true }),
    () => optional(field(liveness, '_command'), () => scanProps('liveness command', field(liveness, '_command'))),
    () => optional(field(liveness, '_reason'), () => checkYamlString('liveness reason', field(liveness, '_reason') as
      string, { allowNul: true })),
    () => optional(field(liveness, '_timing'), () => scanProps('liveness timing', field(liveness, '_timing'))),
  );
}

/** The worker's apiserver rules and secrets by value, after its own validators (env: lib/env.ts). */
export function checkWorkerRules(props: Props): Check {
  return firstOf(
    () => optional(props.namespace, () => checkNamespace('namespace', props.namespace)),
    () => checkArgv('command', props.command),
    () => checkArgv('liveness command', field(props.liveness, '_command')),
    () => checkNoSecretValue('liveness reason', field(props.liveness, '_reason')),
  );
}
