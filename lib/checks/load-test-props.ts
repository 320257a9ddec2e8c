/** The issue-11 checks of LoadTestProps. */
import { Check, Props, firstOf, optional, scanProps } from './props-common';
import { checkNumber, checkString } from './runtime-types';

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
