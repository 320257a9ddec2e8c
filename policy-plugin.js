// Loads the FastApiPolicyValidation plugin (cdk8s-fastapi/policy) from the TypeScript sources for
// this repo's own cdk8s.yaml (cdk8s-cli requires plugins in its own process, without our require
// hook). Apps using the npm package reference `./node_modules/cdk8s-fastapi/lib/policy/index.js`.
require('./scripts/ts-hook');
module.exports = require('./lib/policy/index.ts');
