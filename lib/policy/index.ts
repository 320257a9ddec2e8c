// cdk8s-fastapi/policy: the cdk8s validation plugin and its rules. A subpath of its own: an app
// that only uses the constructs never loads it, and cdk8s.yaml names it by package and class.
export * from './rules';
export * from './plugin';
export * from './waivers';
