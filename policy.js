// The cdk8s-cli validation plugin, at a fixed path in the package so cdk8s.yaml can load it from
// node_modules without cdk8s-cli ever running `npm install` (verify/PLUGIN_BLOCK.md):
//   validations:
//     - package: ./node_modules/cdk8s-fastapi/policy.js
// Also `require('cdk8s-fastapi/policy')`. Points at wherever lib/ keeps the plugin.
module.exports = require('./lib/policy/plugin.js');
