#!/usr/bin/env node
// Generates API.md from the TSDoc of the public API (everything lib/index.ts exports) with the
// TypeScript compiler API: classes (constructor, properties, methods), interfaces (properties,
// required or not, @default), enums, functions and constants. Members that start with `_` or are
// tagged @internal are left out. Output is deterministic (sections in a fixed order, names sorted,
// members in source order, no timestamps).
//
//   npm run docgen                  # write API.md
//   npm run docgen -- --check       # exit 1 if API.md is out of date (CI)
//   npm run docgen -- --out x.md --entry lib/index.ts
'use strict';
const fs = require('fs');
const path = require('path');
const ts = require('typescript');

const ROOT = path.resolve(__dirname, '..');

/** Collapses whitespace (multi-line TSDoc and type text). */
const flat = (s) => String(s || '').replace(/\s+/g, ' ').trim();

function compilerOptions() {
  const cfg = ts.readConfigFile(path.join(ROOT, 'tsconfig.json'), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(cfg.config || {}, ts.sys, ROOT);
  return { ...parsed.options, noEmit: true, types: ['node'] };
}

/**
 * The public API of an entry file as plain data.
 * @param {string} entry path of the entry module (e.g. lib/index.ts)
 */
function extractApi(entry) {
  const program = ts.createProgram([entry], compilerOptions());
  const checker = program.getTypeChecker();
  const sf = program.getSourceFile(entry);
  if (!sf) throw new Error(`cannot read ${entry}`);
  const moduleSym = checker.getSymbolAtLocation(sf);
  if (!moduleSym) return [];

  const rawDoc = (sym) => (sym ? ts.displayPartsToString(sym.getDocumentationComment(checker)).trim() : '');
  const docOf = (sym) => flat(rawDoc(sym));
  const tagsOf = (sym) => {
    const out = {};
    for (const t of sym ? sym.getJsDocTags(checker) : []) out[t.name] = flat(ts.displayPartsToString(t.text || []));
    return out;
  };
  const typeText = (node) => (node && node.type ? flat(node.type.getText()) : node ? flat(checker.typeToString(checker.getTypeAtLocation(node), node, ts.TypeFormatFlags.NoTruncation)) : '');
  const modifiers = (node) => (ts.canHaveModifiers(node) ? ts.getModifiers(node) || [] : []).map((m) => m.kind);
  const isPublic = (node, name, sym) =>
    !modifiers(node).some((k) => k === ts.SyntaxKind.PrivateKeyword || k === ts.SyntaxKind.ProtectedKeyword) &&
    !(node.name && ts.isPrivateIdentifier(node.name)) && !name.startsWith('_') && !('internal' in tagsOf(sym));
  const params = (sig) => sig.parameters.map((p) => ({
    name: flat(p.name.getText()),
    rest: !!p.dotDotDotToken,
    type: typeText(p),
    optional: !!p.questionToken || !!p.initializer,
    default: p.initializer ? flat(p.initializer.getText()) : undefined,
  }));
  const returns = (node) => (node.type ? flat(node.type.getText()) : flat(checker.typeToString(checker.getReturnTypeOfSignature(checker.getSignatureFromDeclaration(node)))));
  const memberSym = (m) => (m.name ? checker.getSymbolAtLocation(m.name) : undefined);
  const heritage = (node, token) => (node.heritageClauses || []).filter((h) => h.token === token).flatMap((h) => h.types.map((t) => flat(t.getText())));

  const items = [];
  for (const exported of checker.getExportsOfModule(moduleSym)) {
    const sym = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const name = exported.getName();
    for (const decl of sym.declarations || []) {
      const base = { name, doc: rawDoc(sym), tags: tagsOf(sym), file: path.relative(ROOT, decl.getSourceFile().fileName).split(path.sep).join('/') };
      if (ts.isClassDeclaration(decl)) {
        const members = { properties: [], methods: [], ctor: undefined };
        for (const m of decl.members) {
          const msym = memberSym(m);
          const mname = m.name ? flat(m.name.getText()) : '';
          if (ts.isConstructorDeclaration(m)) {
            if (!modifiers(m).includes(ts.SyntaxKind.PrivateKeyword) && !modifiers(m).includes(ts.SyntaxKind.ProtectedKeyword) && m.body) members.ctor = { params: params(m), doc: docOf(checker.getSignatureFromDeclaration(m)) };
            continue;
          }
          if (!isPublic(m, mname, msym)) continue;
          const isStatic = modifiers(m).includes(ts.SyntaxKind.StaticKeyword);
          if (ts.isPropertyDeclaration(m) || ts.isGetAccessorDeclaration(m)) {
            if (ts.isGetAccessorDeclaration(m) && members.properties.some((p) => p.name === mname)) continue;
            members.properties.push({
              name: mname, static: isStatic, doc: docOf(msym), tags: tagsOf(msym),
              type: ts.isGetAccessorDeclaration(m) ? returns(m) : typeText(m),
              optional: !!m.questionToken,
              readonly: ts.isGetAccessorDeclaration(m) ? !decl.members.some((x) => ts.isSetAccessorDeclaration(x) && x.name.getText() === mname) : modifiers(m).includes(ts.SyntaxKind.ReadonlyKeyword),
            });
          } else if (ts.isMethodDeclaration(m)) {
            // overloads: document the signatures without a body; a lone implementation otherwise
            const siblings = decl.members.filter((x) => ts.isMethodDeclaration(x) && x.name.getText() === mname);
            if (siblings.length > 1 && m.body) continue;
            members.methods.push({
              name: mname, static: isStatic, doc: flat(ts.displayPartsToString(checker.getSignatureFromDeclaration(m).getDocumentationComment(checker))),
              tags: tagsOf(msym), params: params(m), returns: returns(m),
              async: modifiers(m).includes(ts.SyntaxKind.AsyncKeyword),
            });
          }
        }
        items.push({ ...base, kind: 'class', extends: heritage(decl, ts.SyntaxKind.ExtendsKeyword), implements: heritage(decl, ts.SyntaxKind.ImplementsKeyword), abstract: modifiers(decl).includes(ts.SyntaxKind.AbstractKeyword), ...members });
      } else if (ts.isInterfaceDeclaration(decl)) {
        const properties = [];
        for (const m of decl.members) {
          const msym = memberSym(m);
          const mname = m.name ? flat(m.name.getText()) : '';
          if (!m.name || !isPublic(m, mname, msym)) continue;
          if (ts.isPropertySignature(m)) {
            properties.push({ name: mname, doc: docOf(msym), tags: tagsOf(msym), type: typeText(m), optional: !!m.questionToken, readonly: modifiers(m).includes(ts.SyntaxKind.ReadonlyKeyword) });
          } else if (ts.isMethodSignature(m)) {
            properties.push({ name: mname, doc: docOf(msym), tags: tagsOf(msym), type: `(${params(m).map(fmtParam).join(', ')}) => ${returns(m)}`, optional: !!m.questionToken, method: true });
          }
        }
        items.push({ ...base, kind: 'interface', extends: heritage(decl, ts.SyntaxKind.ExtendsKeyword), properties });
      } else if (ts.isEnumDeclaration(decl)) {
        const members = decl.members.map((m) => {
          const msym = memberSym(m);
          const value = checker.getConstantValue(m);
          return { name: flat(m.name.getText()), doc: docOf(msym), value: value === undefined ? undefined : JSON.stringify(value) };
        });
        items.push({ ...base, kind: 'enum', members });
      } else if (ts.isFunctionDeclaration(decl)) {
        const all = (sym.declarations || []).filter(ts.isFunctionDeclaration);
        if (all.length > 1 && decl.body) continue; // overloads: signatures only
        items.push({ ...base, kind: 'function', doc: docOf(sym) || flat(ts.displayPartsToString(checker.getSignatureFromDeclaration(decl).getDocumentationComment(checker))), params: params(decl), returns: returns(decl) });
      } else if (ts.isVariableDeclaration(decl)) {
        items.push({ ...base, kind: 'const', type: typeText(decl) });
      } else if (ts.isTypeAliasDeclaration(decl)) {
        items.push({ ...base, kind: 'type', type: flat(decl.type.getText()) });
      }
    }
  }
  // a function with overloads leaves one item per signature: keep them, in source order
  return items;
}

const fmtParam = (p) => `${p.rest ? '...' : ''}${p.name}${p.optional && !p.rest ? '?' : ''}: ${p.type}`;

const SECTIONS = [
  ['class', 'Classes'], ['interface', 'Interfaces'], ['enum', 'Enums'], ['function', 'Functions'], ['const', 'Constants'], ['type', 'Types'],
];

/** GitHub's heading anchor of a plain name. */
const anchor = (s) => s.toLowerCase().replace(/[^a-z0-9 _-]/g, '').replace(/ /g, '-');

/** Markdown-escapes text for a table cell (pipes, line breaks). */
const cell = (s) => flat(s).replace(/\|/g, '\\|');

/** A type as markdown: exported names link to their section, the rest escaped. */
function typeMd(type, names) {
  return flat(type).split(/([A-Za-z_$][\w$]*)/).map((part, i) => {
    if (i % 2 === 1) return names.has(part) ? `[${part}](#${anchor(part)})` : part;
    return part.replace(/[\\`*_[\]<>|]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '|': '\\|' }[c] || `\\${c}`));
  }).join('');
}

/** Prose for markdown: `<` and `>` outside code spans escaped, so `<name>` is not read as HTML. */
const prose = (s) => String(s || '').split(/(`[^`]*`)/).map((p, i) => (i % 2 ? p : p.replace(/</g, '&lt;').replace(/>/g, '&gt;'))).join('');

/** `@default` in the jsii style: "value", "value - why" or "- description". */
function defaultMd(text) {
  if (text === undefined) return '';
  const t = flat(text);
  if (t.startsWith('-')) return cell(prose(t.replace(/^-\s*/, '')));
  const m = t.match(/^(.+?)\s+-\s+(.*)$/);
  return m ? `\`${cell(m[1])}\` (${cell(prose(m[2]))})` : `\`${cell(t)}\``;
}

/**
 * API.md text for extracted items.
 * @param {ReturnType<typeof extractApi>} items
 */
function renderMarkdown(items, { entry = 'lib/index.ts', pkg = 'cdk8s-fastapi' } = {}) {
  const names = new Set(items.map((i) => i.name));
  const sorted = [...items].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const L = [];
  L.push('# API Reference', '');
  L.push(`<!-- Generated by tools/api-doc.js from the TSDoc of ${entry} (npm run docgen). Do not edit. -->`, '');
  L.push(`Everything \`${pkg}\` exports (\`import { … } from '${pkg}'\`).`, '');
  for (const [kind, title] of SECTIONS) {
    const list = [...new Set(sorted.filter((i) => i.kind === kind).map((i) => i.name))];
    if (list.length) L.push(`- **${title}**: ${list.map((n) => `[${n}](#${anchor(n)})`).join(', ')}`);
  }
  L.push('');
  const deprecated = (tags) => ('deprecated' in tags ? `**Deprecated**${tags.deprecated ? `: ${tags.deprecated}` : ''}. ` : '');
  const memberDesc = (m) => cell(prose(deprecated(m.tags || {}) + (m.doc || '')));
  const sig = (name, f) => `${name}(${f.params.map(fmtParam).join(', ')}): ${f.returns}`;

  for (const [kind, title] of SECTIONS) {
    const list = sorted.filter((i) => i.kind === kind);
    if (!list.length) continue;
    L.push(`## ${title}`, '');
    let last;
    for (const it of list) {
      if (it.name !== last) {
        L.push(`### ${it.name}`, '');
        // multi-line docs keep their lines (code fences); prose outside fences is escaped
        if (it.doc || it.tags.deprecated !== undefined) {
          L.push((deprecated(it.tags) + it.doc).split(/(```[\s\S]*?```)/).map((p, i) => (i % 2 ? p : prose(p))).join(''), '');
        }
      }
      if (kind === 'class') {
        const ext = [it.extends.length ? `Extends ${it.extends.map((t) => typeMd(t, names)).join(', ')}` : '', it.implements.length ? `Implements ${it.implements.map((t) => typeMd(t, names)).join(', ')}` : ''].filter(Boolean);
        if (ext.length) L.push(`*${ext.join('. ')}.*`, '');
        if (it.ctor) L.push('```ts', `new ${it.name}(${it.ctor.params.map(fmtParam).join(', ')})`, '```', '');
        const props = it.properties;
        if (props.length) {
          L.push('| Property | Type | Description |', '| --- | --- | --- |');
          for (const p of props) L.push(`| \`${p.static ? `${it.name}.` : ''}${p.name}\`${p.optional ? ' *(optional)*' : ''} | ${typeMd(p.type, names)} | ${memberDesc(p)} |`);
          L.push('');
        }
        const methods = [...it.methods].sort((a, b) => Number(b.static) - Number(a.static));
        if (methods.length) {
          L.push('| Method | Description |', '| --- | --- |');
          for (const m of methods) L.push(`| \`${cell(sig(`${m.static ? `${it.name}.` : ''}${m.name}`, m))}\` | ${memberDesc(m)} |`);
          L.push('');
        }
      } else if (kind === 'interface') {
        if (it.extends.length) L.push(`*Extends ${it.extends.map((t) => typeMd(t, names)).join(', ')}.*`, '');
        if (it.properties.length) {
          L.push('| Name | Type | Default | Description |', '| --- | --- | --- | --- |');
          for (const p of it.properties) {
            L.push(`| \`${p.name}\`${p.optional ? '' : ' **(required)**'} | ${typeMd(p.type, names)} | ${defaultMd(p.tags.default)} | ${memberDesc(p)} |`);
          }
          L.push('');
        }
      } else if (kind === 'enum') {
        L.push('| Member | Value | Description |', '| --- | --- | --- |');
        for (const m of it.members) L.push(`| \`${it.name}.${m.name}\` | ${m.value === undefined ? '' : `\`${cell(m.value)}\``} | ${cell(m.doc)} |`);
        L.push('');
      } else if (kind === 'function') {
        L.push('```ts', `function ${sig(it.name, it)}`, '```', '');
      } else if (kind === 'const') {
        L.push('```ts', `const ${it.name}: ${it.type}`, '```', '');
      } else if (kind === 'type') {
        L.push('```ts', `type ${it.name} = ${it.type}`, '```', '');
      }
      last = it.name;
    }
  }
  return L.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
}

function main(argv) {
  let out = 'API.md';
  let entry = 'lib/index.ts';
  let check = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--check') check = true;
    else if (a === '--out') out = argv[++i];
    else if (a === '--entry') entry = argv[++i];
    else { console.error(`docgen: unknown argument ${a}`); return 2; }
  }
  const md = renderMarkdown(extractApi(path.resolve(entry)), { entry });
  const current = fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : undefined;
  if (current === md) { console.error(`docgen: ${out} is up to date`); return 0; }
  if (check) { console.error(`docgen: ${out} is ${current === undefined ? 'missing' : 'out of date'}; run \`npm run docgen\``); return 1; }
  fs.writeFileSync(out, md);
  console.error(`docgen: wrote ${out}`);
  return 0;
}

module.exports = { extractApi, renderMarkdown, defaultMd, typeMd };

if (require.main === module) process.exitCode = main(process.argv.slice(2));
