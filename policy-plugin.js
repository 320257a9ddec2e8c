// Loads the FastApiPolicyValidation plugin from the TypeScript sources for this repo's own
// cdk8s.yaml (cdk8s-cli requires plugins in its own process, without our require hook).
// Consumers of the npm package reference `package: cdk8s-fastapi` instead.
require('./scripts/ts-hook');
module.exports = require('./lib/policy/plugin.ts');
