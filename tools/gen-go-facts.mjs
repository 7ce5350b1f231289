#!/usr/bin/env node
/**
 * Generates src/api/schema/go-facts.generated.ts: what the protobuf descriptors do not say about
 * the Kubernetes types kts serves — which fields are pointers, optional or required, their patch
 * strategies and merge keys, list and map semantics, inline embedding, and enum values — read from
 * upstream's Go type definitions (the `types.go` of each API group, with plain description
 * comments removed), kept outside the repository:
 *
 *   node tools/gen-go-facts.mjs /tmp/upstream [output.ts]
 *
 * Input files are named `<group>-<version>-types.go` (core-v1 may come in `.partN.go` pieces), as
 * the sessions that fetched them through the search tool wrote them. Only facts are generated
 * (names, flags, values); no upstream text is copied. Fields absent from the v1.32 protobuf tables
 * (newer than v1.32) are dropped by the consumer.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const DIR = process.argv[2] ?? '/tmp/upstream';
const OUTPUT = process.argv[3] ?? new URL('../src/api/schema/go-facts.generated.ts', import.meta.url).pathname;

/** `<group>-<version>` file prefix → protobuf package. */
function packageOf(prefix) {
  if (prefix === 'meta-v1') return 'k8s.io.apimachinery.pkg.apis.meta.v1';
  const [group, version] = prefix.split('-');
  return `k8s.io.api.${group}.${version}`;
}

/** Go package qualifiers used in types.go → protobuf package of the type they name. */
const QUALIFIERS = {
  metav1: 'k8s.io.apimachinery.pkg.apis.meta.v1',
  v1: 'k8s.io.api.core.v1',
  corev1: 'k8s.io.api.core.v1',
  apiv1: 'k8s.io.api.core.v1',
};

function parseTag(tag) {
  const out = {};
  for (const m of tag.matchAll(/(\w+):"([^"]*)"/g)) out[m[1]] = m[2];
  return out;
}

function parseFile(text, pkg, facts, enums) {
  const lines = text.split('\n');
  let current; // struct being read
  let markers = []; // + markers seen since the last declaration or field
  let enumType; // Go type of the const block entries, when inside `const (`
  const enumTypes = new Set();
  const constEntries = [];
  for (const raw of lines) {
    const line = raw.trim();
    if (line.startsWith('//')) {
      const marker = line.slice(2).trim();
      if (marker.startsWith('+')) markers.push(marker.slice(1));
      continue;
    }
    let m;
    if ((m = /^type (\w+) struct \{$/.exec(line))) {
      current = { name: m[1], fields: {}, atomic: markers.includes('structType=atomic') };
      markers = [];
      continue;
    }
    if ((m = /^type (\w+) (string|int32)$/.exec(line))) {
      if (markers.includes('enum')) enumTypes.add(m[1]);
      markers = [];
      continue;
    }
    if (line === 'const (') {
      enumType = '';
      continue;
    }
    if (enumType !== undefined) {
      if (line === ')') {
        enumType = undefined;
        continue;
      }
      if ((m = /^(\w+)\s+(\w+)\s*=\s*"([^"]*)"/.exec(line))) constEntries.push([m[2], m[3]]);
      markers = [];
      continue;
    }
    if (current && line === '}') {
      const key = `${pkg}.${current.name}`;
      const entry = { fields: current.fields };
      if (current.atomic) entry.atomic = true;
      facts[key] = entry;
      current = undefined;
      markers = [];
      continue;
    }
    if (current && (m = /^(?:(\w+)\s+)?([\w.*[\]]+)\s+`(.*)`$/.exec(line))) {
      const [, goName, goType, tagText] = m;
      const tag = parseTag(tagText);
      const [jsonName = '', ...jsonOptions] = (tag.json ?? '').split(',');
      const protoName = /name=(\w+)/.exec(tag.protobuf ?? '')?.[1];
      const f = {};
      const inline = jsonName === '';
      if (inline) f.inline = true;
      if (goType.startsWith('*')) f.pointer = true;
      if (markers.includes('optional') || jsonOptions.includes('omitempty')) f.optional = true;
      if (markers.includes('required')) f.required = true;
      if (tag.patchStrategy) f.patchStrategy = tag.patchStrategy;
      if (tag.patchMergeKey) f.patchMergeKey = tag.patchMergeKey;
      const base = goType.replace(/^[*[\]]+/, '');
      const listType = markers.find((x) => x.startsWith('listType='));
      if (listType) f.listType = listType.slice('listType='.length);
      const listMapKeys = markers.filter((x) => x.startsWith('listMapKey=')).map((x) => x.slice('listMapKey='.length));
      if (listMapKeys.length) f.listMapKeys = listMapKeys;
      const mapType = markers.find((x) => x.startsWith('mapType='));
      if (mapType) f.mapType = mapType.slice('mapType='.length);
      f.goType = base.includes('.') ? `${QUALIFIERS[base.split('.')[0]] ?? base.split('.')[0]}.${base.split('.')[1]}` : `${pkg}.${base}`;
      // An embedded struct without a protobuf name is named after its type (lowerCamel), as go-to-protobuf does.
      const embeddedName = inline && !goName ? base.split('.').pop().replace(/^./, (c) => c.toLowerCase()) : undefined;
      const name = protoName ?? (jsonName || embeddedName || goName);
      if (name) current.fields[name] = f;
      markers = [];
      continue;
    }
    if (line !== '') markers = [];
  }
  for (const [type, value] of constEntries) {
    if (!enumTypes.has(type)) continue;
    (enums[`${pkg}.${type}`] ??= []).push(value);
  }
}

const facts = {};
const enums = {};
const files = readdirSync(DIR).filter((f) => /-types(\.part\d+)?\.go$/.test(f)).sort();
const byPrefix = new Map();
for (const file of files) {
  const prefix = file.replace(/-types(\.part\d+)?\.go$/, '');
  byPrefix.set(prefix, (byPrefix.get(prefix) ?? '') + readFileSync(join(DIR, file), 'utf8') + '\n');
}
for (const [prefix, text] of byPrefix) parseFile(text, packageOf(prefix), facts, enums);
for (const entry of Object.values(facts)) {
  for (const f of Object.values(entry.fields)) if (f.goType && !enums[f.goType]) delete f.goType;
}

const header = `/**
 * Facts about the Kubernetes v1.32 types that protobuf descriptors do not carry: per message,
 * fields that are pointers, optional or required, inline, their patch strategy and merge key,
 * list and map semantics, and the enum they take values from; plus enum values. GENERATED by
 * tools/gen-go-facts.mjs from upstream's Go type definitions; do not edit.
 */
export interface GoFieldFacts {
  inline?: true;
  pointer?: true;
  optional?: true;
  required?: true;
  patchStrategy?: string;
  patchMergeKey?: string;
  listType?: string;
  listMapKeys?: string[];
  mapType?: string;
  /** The enum type (a key of GO_ENUMS) the field's values come from. */
  goType?: string;
}

export interface GoTypeFacts {
  /** Replaced as a whole by patches (+structType=atomic). */
  atomic?: true;
  fields: Record<string, GoFieldFacts>;
}
`;
/** One entry a line, so diffs of regenerated facts stay readable. */
const table = (record) => `{\n${Object.entries(record).map(([k, v]) => `  '${k}': ${JSON.stringify(v)},`).join('\n')}\n}`;
const body = `export const GO_TYPES: Readonly<Record<string, GoTypeFacts>> = ${table(facts)};

export const GO_ENUMS: Readonly<Record<string, readonly string[]>> = ${table(enums)};
`;
writeFileSync(OUTPUT, header + '\n' + body);
process.stderr.write(`wrote facts for ${Object.keys(facts).length} types and ${Object.keys(enums).length} enums to ${OUTPUT}\n`);
