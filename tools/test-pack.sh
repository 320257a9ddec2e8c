#!/usr/bin/env bash
# Packed-tarball consumer test: what `npm publish` would ship, used the way a user would.
#   1. `npm pack` a copy of the working tree (prepack compiles lib/ and imports/ in place,
#      postpack cleans up; the copy keeps concurrent synths and tests in this checkout from
#      picking up the transient lib/*.js), and check the tarball: compiled JS + .d.ts for every
#      source, the jsii assembly .jsii (prepack compiles it: jsii-based tools and Python find the
#      API there), no TypeScript sources, no tests, no fixtures.
#   2. A fresh cdk8s app in a temp dir: the tarball plus the peers (cdk8s, cdk8s-plus-28,
#      constructs at the versions of this repo's node_modules) and typescript from the registry.
#   3. main.ts imports from 'cdk8s-fastapi'; `tsc` type-checks it against the shipped .d.ts
#      (skipLibCheck off, so the shipped declarations are checked too) and compiles it.
#   4. Runs it and asserts the YAML holds Deployment shop, Service shop-svc, HPA shop-hpa.
#   5. The README's exact `validations:` block (identical to verify/PLUGIN_BLOCK.md's) in the app's
#      cdk8s.yaml: `cdk8s synth` loads the policy plugin from the app's node_modules and passes,
#      with a fake `npm` first on PATH that records every call and fails, npm offline and a dead
#      registry; no npm call is allowed. Control: the old `package: cdk8s-fastapi` block does call
#      `npm install cdk8s-fastapi@...` (so the trap is known to work).
# Exit non-zero on any failure; the last line is PASS or FAIL. KEEP=1 keeps the temp dir.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/cdk8s-fastapi-pack.XXXXXX")"
cleanup() { if [[ -n "${KEEP:-}" ]]; then echo "kept $WORK"; else rm -rf "$WORK"; fi; }
trap cleanup EXIT
fail() { echo "FAIL test-pack: $*" >&2; exit 1; }
step() { echo "== $*"; }

ver() { node -p "require('$ROOT/node_modules/$1/package.json').version"; }
CDK8S="$(ver cdk8s)"; PLUS="$(ver cdk8s-plus-28)"; CONSTRUCTS="$(ver constructs)"; TS="$(ver typescript)"; CLI="$(ver cdk8s-cli)"
NAME="$(node -p "require('$ROOT/package.json').name")"

# ---- 1. pack ---------------------------------------------------------------------------
step "npm pack (copy of the working tree)"
mkdir -p "$WORK/src"
(cd "$ROOT" && git ls-files -z --cached --others --exclude-standard) |
  (cd "$ROOT" && xargs -0 -I{} sh -c 'test -e "{}" && echo "{}"') |
  (cd "$ROOT" && tar -cf - -T -) | tar -xf - -C "$WORK/src"
ln -s "$ROOT/node_modules" "$WORK/src/node_modules"
(cd "$WORK/src" && npm pack --pack-destination "$WORK" --silent >"$WORK/pack.log" 2>&1) || { cat "$WORK/pack.log" >&2; fail "npm pack"; }
TARBALL="$(ls "$WORK"/*.tgz)"
[[ -f "$TARBALL" ]] || fail "no tarball"
left="$(cd "$WORK/src" && find lib imports -name '*.js' -o -name '*.d.ts' 2>/dev/null | head -5)"
[[ -z "$left" ]] || fail "postpack left compiled files behind: $left"

step "tarball contents ($(basename "$TARBALL"), $(du -k "$TARBALL" | cut -f1) KiB)"
tar -tzf "$TARBALL" | sed 's#^package/##' | sort >"$WORK/contents.txt"
bad="$(grep -vE '^(package\.json|README\.md|LICENSE|NOTICE|API\.md|\.jsii|(lib|imports)/.*\.(js|d\.ts))$' "$WORK/contents.txt" || true)"
[[ -z "$bad" ]] || fail "unexpected files in the tarball:"$'\n'"$bad"
grep -E '\.ts$' "$WORK/contents.txt" | grep -vE '\.d\.ts$' && fail "TypeScript sources in the tarball"
grep -E '(^|/)(test|tests|__snapshots__|fixtures?)/|\.test\.|\.spec\.' "$WORK/contents.txt" && fail "tests in the tarball"
for f in lib/index.js lib/index.d.ts lib/policy/index.js lib/policy/index.d.ts .jsii; do grep -qx "$f" "$WORK/contents.txt" || fail "missing $f"; done
# every shipped source has its .js and .d.ts
while IFS= read -r src; do
  base="${src%.ts}"
  grep -qx "$base.js" "$WORK/contents.txt" && grep -qx "$base.d.ts" "$WORK/contents.txt" || fail "no $base.js/.d.ts for $src"
done < <(cd "$ROOT" && git ls-files 'lib/*.ts' 'imports/*.ts' | grep -vE '\.(d|test)\.ts$')
echo "   $(wc -l <"$WORK/contents.txt") files: $(grep -c '\.js$' "$WORK/contents.txt") .js, $(grep -c '\.d\.ts$' "$WORK/contents.txt") .d.ts"

# ---- 2. consumer app -------------------------------------------------------------------
step "consumer app: $NAME tarball + cdk8s@$CDK8S cdk8s-plus-28@$PLUS constructs@$CONSTRUCTS typescript@$TS cdk8s-cli@$CLI"
APP="$WORK/app"
mkdir -p "$APP"
cat >"$APP/package.json" <<JSON
{ "name": "consumer", "version": "0.0.0", "private": true }
JSON
cat >"$APP/tsconfig.json" <<'JSON'
{
  "compilerOptions": {
    "target": "ES2022", "module": "commonjs", "lib": ["es2022"], "strict": true,
    "noUnusedLocals": true, "esModuleInterop": true, "skipLibCheck": false, "types": [],
    "outDir": "build"
  },
  "files": ["main.ts", "node_modules/cdk8s-fastapi/lib/index.d.ts"]
}
JSON
cat >"$APP/main.ts" <<'TS'
import { App, Chart, Duration } from 'cdk8s';
import { EnvValue, ImagePullPolicy } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { Autoscaling, FastApiErrors, FastApiService, FastApiServiceProps, ServiceEnv } from 'cdk8s-fastapi';
import { FastApiPolicyValidation, checkObjects } from 'cdk8s-fastapi/policy';
import { synthFast } from 'cdk8s-fastapi/fast-yaml';

class ShopChart extends Chart {
  public readonly api: FastApiService;
  constructor(scope: Construct, id: string) {
    super(scope, id, { namespace: 'shop' });
    const props: FastApiServiceProps = {
      image: 'registry.example.com/shop:1.2.3',
      asgiApp: 'shop.main:app',
      imagePullPolicy: ImagePullPolicy.IF_NOT_PRESENT,
      env: { LOG_LEVEL: EnvValue.fromValue('info'), DATABASE_URL: ServiceEnv.fromSecret('shop-db', 'url') },
      autoscaling: Autoscaling.cpu({ minReplicas: 2, maxReplicas: 6, scaleDownStabilization: Duration.minutes(3) }),
    };
    this.api = new FastApiService(this, 'shop', props);
  }
}

const app = new App({ outdir: 'dist' });
const chart = new ShopChart(app, 'shop');
const url: string = chart.api.url;
if (!url.startsWith('http://shop-svc.')) throw new Error(`unexpected url ${url}`);
try {
  new FastApiService(chart, 'bad', { image: 'registry.example.com/shop:latest' });
  throw new Error('a :latest image was accepted');
} catch (error) {
  if (!FastApiErrors.isValidationError(error)) throw error;
}
chart.node.tryRemoveChild('bad');
if (typeof FastApiPolicyValidation !== 'function' || typeof checkObjects !== 'function') throw new Error('policy subpath');
synthFast(app);
TS
(cd "$APP" && npm install --no-audit --no-fund --no-package-lock --prefer-offline --loglevel=error \
  "$TARBALL" "cdk8s@$CDK8S" "cdk8s-plus-28@$PLUS" "constructs@$CONSTRUCTS" "typescript@$TS" "cdk8s-cli@$CLI" >"$WORK/install.log" 2>&1) ||
  { cat "$WORK/install.log" >&2; fail "npm install"; }
[[ ! -e "$APP/node_modules/$NAME/lib/index.ts" ]] || fail "installed package has TypeScript sources"

# ---- 3. type-check + compile -----------------------------------------------------------
step "tsc (full typings, skipLibCheck off)"
(cd "$APP" && npx --no-install tsc -p tsconfig.json --noEmit) || fail "consumer type-check"
# a wrong prop type must be a compile error, i.e. the typings are real, not any
sed 's/maxReplicas: 6/maxReplicas: "six"/' "$APP/main.ts" >"$APP/bad.ts"
echo '{ "extends": "./tsconfig.json", "files": ["bad.ts"] }' >"$APP/tsconfig.bad.json"
if (cd "$APP" && npx --no-install tsc -p tsconfig.bad.json --noEmit >"$WORK/bad.log" 2>&1); then
  fail "a string maxReplicas type-checked: the typings are too loose"
fi
grep -q "bad.ts(.*error TS2322: Type 'string' is not assignable to type 'number'" "$WORK/bad.log" ||
  { cat "$WORK/bad.log" >&2; fail "bad.ts failed for another reason than the wrong prop type"; }
rm "$APP/bad.ts" "$APP/tsconfig.bad.json"
(cd "$APP" && npx --no-install tsc -p tsconfig.json) || fail "consumer compile"

# ---- 4. run + assert -------------------------------------------------------------------
step "node build/main.js"
(cd "$APP" && node build/main.js) || fail "consumer app run"
(cd "$APP" && node - "$APP/dist") <<'JS' || fail "synthesized YAML"
const fs = require('fs');
const path = require('path');
const { Yaml } = require('cdk8s');
const objs = fs.readdirSync(process.argv[2]).filter((f) => f.endsWith('.yaml'))
  .flatMap((f) => Yaml.load(path.join(process.argv[2], f))).filter(Boolean);
const want = [['apps/v1', 'Deployment', 'shop'], ['v1', 'Service', 'shop-svc'], ['autoscaling/v2', 'HorizontalPodAutoscaler', 'shop-hpa']];
let ok = true;
for (const [apiVersion, kind, name] of want) {
  const o = objs.find((x) => x.kind === kind && x.metadata?.name === name);
  if (!o || o.apiVersion !== apiVersion || o.metadata.namespace !== 'shop') { console.error(`missing ${apiVersion} ${kind} shop/${name}`); ok = false; }
}
const hpa = objs.find((x) => x.kind === 'HorizontalPodAutoscaler');
if (hpa && (hpa.spec.minReplicas !== 2 || hpa.spec.maxReplicas !== 6 || hpa.spec.scaleTargetRef.name !== 'shop')) { console.error('HPA spec wrong'); ok = false; }
const c = objs.find((x) => x.kind === 'Deployment')?.spec.template.spec.containers[0];
if (!c || c.image !== 'registry.example.com/shop:1.2.3' || !c.command.includes('shop.main:app')) { console.error('container wrong'); ok = false; }
console.log(`   ${objs.length} objects: ${objs.map((o) => o.kind).join(', ')}`);
process.exit(ok ? 0 : 1);
JS

# ---- 5. the README's validations block, offline ----------------------------------------
step "cdk8s synth with the README's validations block (no npm allowed)"
# the fenced yaml block holding `validations:` in a markdown file
block() { node -e 'const t=require("fs").readFileSync(process.argv[1],"utf8"); const m=[...t.matchAll(/```yaml\n([\s\S]*?)```/g)].map(x=>x[1]).find(b=>/^validations:/m.test(b)); if(!m){console.error("no validations block in "+process.argv[1]);process.exit(1)} process.stdout.write(m)' "$1"; }
README_BLOCK="$(block "$ROOT/README.md")" || fail "README.md has no fenced yaml validations block"
DOC_BLOCK="$(block "$ROOT/verify/PLUGIN_BLOCK.md")" || fail "verify/PLUGIN_BLOCK.md has no fenced yaml validations block"
[[ "$README_BLOCK" == "$DOC_BLOCK" ]] || fail "README's validations block differs from verify/PLUGIN_BLOCK.md's:"$'\n'"$README_BLOCK"$'\n'"---"$'\n'"$DOC_BLOCK"
mkdir -p "$WORK/fakebin"
cat >"$WORK/fakebin/npm" <<SH
#!/bin/sh
echo "npm \$*" >>"$WORK/npm-calls.log"
exit 1
SH
chmod +x "$WORK/fakebin/npm"
cp "$WORK/fakebin/npm" "$WORK/fakebin/npx"
synth_with() {  # $1: the validations block; runs `cdk8s synth` in the app with npm trapped
  printf 'language: typescript\napp: node build/main.js\noutput: dist\n%s\n' "$1" >"$APP/cdk8s.yaml"
  rm -rf "$APP/dist" "$WORK/reports.json" "$WORK/npm-calls.log"
  (cd "$APP" && env PATH="$WORK/fakebin:$PATH" HOME="$WORK/home" npm_config_offline=true \
    npm_config_registry=http://127.0.0.1:9/ CDK8S_CHECK_UPGRADE=false \
    node node_modules/cdk8s-cli/bin/cdk8s synth --check-upgrade=false --validation-reports-output-file "$WORK/reports.json")
}
synth_with "$README_BLOCK" >"$WORK/synth.log" 2>&1 || { cat "$WORK/synth.log" >&2; fail "cdk8s synth with the README's validations block"; }
[[ ! -e "$WORK/npm-calls.log" ]] || fail "cdk8s-cli called npm with the README's block: $(cat "$WORK/npm-calls.log")"
WANT_PLUGIN="$APP/node_modules/$NAME/lib/policy/index.js" node -e '
const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).reports;
const want = require("fs").realpathSync(process.env.WANT_PLUGIN);
const ok = r.length === 1 && r[0].summary.status === "success" && require("fs").realpathSync(r[0].summary.plugin) === want;
console.log(`   validation report: ${r.map((x) => `${x.summary.plugin}: ${x.summary.status}`).join(", ")}`);
process.exit(ok ? 0 : 1);' "$WORK/reports.json" || fail "the policy plugin did not run from the app's node_modules, or did not pass"
ls "$APP/dist"/*.yaml >/dev/null 2>&1 || fail "cdk8s synth wrote no YAML"
echo "   no npm call; $(ls "$APP/dist" | tr '\n' ' ')"
# control: the old block goes to npm (and fails: offline, dead registry, trapped npm)
OLD_BLOCK="${README_BLOCK/package: .\/node_modules\/$NAME\/lib\/policy\/index.js/package: $NAME}"
[[ "$OLD_BLOCK" != "$README_BLOCK" ]] || fail "could not build the control block"
if synth_with "$OLD_BLOCK" >"$WORK/synth-old.log" 2>&1; then fail "the old block (package: $NAME) synthesized: the npm trap does not work"; fi
grep -q "^npm install $NAME@" "$WORK/npm-calls.log" 2>/dev/null || { cat "$WORK/synth-old.log" >&2; fail "the old block failed, but not by calling npm install"; }
echo "   control: package: $NAME -> $(head -1 "$WORK/npm-calls.log")"

echo "PASS test-pack: $(basename "$TARBALL") installs, type-checks and synthesizes Deployment/Service/HPA in a fresh cdk8s app; the README's plugin block runs offline from node_modules"
