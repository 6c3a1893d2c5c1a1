// Validates Kubernetes manifests offline, for deploy/helm/validate.
//
//   node validate-manifests.mjs <node_modules dir> rendered <file.yaml>...   chart output: every object must be valid
//   node validate-manifests.mjs <node_modules dir> examples <file.yaml>...   Strimzi/CloudNativePG/KEDA examples: shapes,
//                                                                            and each -small variant has the same objects
//   node validate-manifests.mjs <node_modules dir> self-test                 proves the checks reject what they should
//
// Two checks per object:
//  1. kubernetes-models' own JSON-schema validation (types, required fields, enums). It ignores unknown fields.
//  2. A strict walk that rejects every field the Kubernetes API does not define. The field lists come from the
//     TypeScript declarations kubernetes-models generates from the Kubernetes OpenAPI document (one interface per
//     schema, one property per field), so they are the same schemas as check 1, read with additionalProperties false.
// Custom resources (KEDA, Prometheus Operator, Strimzi, CloudNativePG) are not in kubernetes-models: their fields are
// listed below from the projects' API references, the parts the chart and the examples use, the rest left open.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [modulesDir, mode, ...files] = process.argv.slice(2);
if (!modulesDir || !mode) {
  console.error('usage: validate-manifests.mjs <node_modules> rendered|examples|self-test [files...]');
  process.exit(2);
}
const { parseAllDocuments } = await import(pathToFileURL(path.join(modulesDir, 'yaml/dist/index.js')).href);
const modelsRoot = path.join(modulesDir, 'kubernetes-models');

// ---- field lists from the kubernetes-models declarations -------------------------------------------------------

const interfaces = new Map(); // file -> {props: Map(name -> type) | null (open or scalar)}
const byKind = new Map(); // "apiVersion/kind" -> {file, module}

function resolveImport(fromFile, spec) {
  if (spec.startsWith('.')) return path.resolve(path.dirname(fromFile), spec.replace(/\.js$/, '') + '.d.ts');
  return path.join(modulesDir, spec.replace(/\.js$/, '') + '.d.ts');
}

function splitTopLevel(text, separator) {
  const parts = [];
  let depth = 0, start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '{' || c === '<' || c === '(' || c === '[') depth++;
    else if (c === '}' || c === '>' || c === ')' || c === ']') depth--;
    else if (c === separator && depth === 0) { parts.push(text.slice(start, i)); start = i + 1; }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter(Boolean);
}

function parseType(text, imports, file) {
  text = text.trim();
  const alternatives = splitTopLevel(text, '|');
  if (alternatives.length > 1) {
    const ref = alternatives.find((a) => /^I[A-Za-z0-9]+$/.test(a) || a.startsWith('Array<') || a.startsWith('{'));
    return ref ? parseType(ref, imports, file) : { leaf: true };
  }
  let m = /^Array<(.*)>$/s.exec(text);
  if (m) return { array: parseType(m[1], imports, file) };
  m = /^\{\s*\[key: string\]:\s*(.*?);?\s*\}$/s.exec(text);
  if (m) return { map: parseType(m[1], imports, file) };
  if (/^I[A-Za-z0-9]+$/.test(text) && imports.has(text)) return { ref: imports.get(text) };
  return { leaf: true };
}

function load(file) {
  if (interfaces.has(file)) return interfaces.get(file);
  const entry = { props: null };
  interfaces.set(file, entry);
  const source = fs.readFileSync(file, 'utf8').replace(/\/\*\*[\s\S]*?\*\//g, '');
  const imports = new Map();
  for (const m of source.matchAll(/import \{ ([A-Za-z0-9_, ]+) \} from "([^"]+)";/g)) {
    for (const name of m[1].split(',').map((s) => s.trim())) imports.set(name, resolveImport(file, m[2]));
  }
  const head = /export interface I[A-Za-z0-9]+(?: extends ([A-Za-z0-9, ]+))? \{/.exec(source);
  if (!head) return entry; // a type alias (Quantity, IntOrString, Time): a scalar
  let depth = 1, i = head.index + head[0].length;
  const start = i;
  for (; i < source.length && depth > 0; i++) {
    if (source[i] === '{') depth++;
    else if (source[i] === '}') depth--;
  }
  const body = source.slice(start, i - 1);
  const props = new Map();
  for (const member of splitTopLevel(body, ';')) {
    const m = /^"([^"]+)"\??:\s*([\s\S]*)$/.exec(member);
    if (m) props.set(m[1], parseType(m[2], imports, file));
  }
  if (props.size > 0) entry.props = props; // no properties (FieldsV1, RawExtension): anything goes
  return entry;
}

function indexModels() {
  const walk = (dir) => {
    for (const name of fs.readdirSync(dir)) {
      const full = path.join(dir, name);
      if (name === '_schemas' || name === 'node_modules') continue;
      if (fs.statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.d.ts') && name !== 'index.d.ts') {
        const text = fs.readFileSync(full, 'utf8');
        const apiVersion = /"apiVersion": "([^"]+)";/.exec(text);
        const kind = /"kind": "([^"]+)";/.exec(text);
        if (apiVersion && kind && /extends TypeMeta/.test(text)) {
          const entry = { file: full, module: full.replace(/\.d\.ts$/, '.js'), kind: kind[1] };
          byKind.set(`${apiVersion[1]}/${kind[1]}`, entry);
        }
      }
    }
  };
  walk(modelsRoot);
}

// ---- custom resources: the fields their API references define (OPEN = not checked deeper) -----------------------

const OPEN = { leaf: true };
const META = { ref: path.join(modulesDir, '@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta.d.ts') };
const LABEL_SELECTOR = { ref: path.join(modulesDir, '@kubernetes-models/apimachinery/apis/meta/v1/LabelSelector.d.ts') };
const RESOURCES = { ref: path.join(modelsRoot, 'v1/ResourceRequirements.d.ts') };
const obj = (fields) => ({ fields });
const STRING = { type: 'string' };
const strings = { map: STRING };
const custom = (spec) => obj({ apiVersion: OPEN, kind: OPEN, metadata: META, spec });
const strimziStorage = obj({ type: OPEN, size: OPEN, class: OPEN, deleteClaim: OPEN, kraftMetadata: OPEN,
  selector: OPEN, id: OPEN, volumes: { array: obj({ id: OPEN, type: OPEN, size: OPEN, class: OPEN,
  deleteClaim: OPEN, kraftMetadata: OPEN }) } });
const CUSTOM = {
  'keda.sh/v1alpha1/ScaledObject': custom(obj({
    scaleTargetRef: obj({ name: STRING, apiVersion: OPEN, kind: OPEN, envSourceContainerName: OPEN }),
    pollingInterval: OPEN, cooldownPeriod: OPEN, initialCooldownPeriod: OPEN, idleReplicaCount: OPEN,
    minReplicaCount: OPEN, maxReplicaCount: OPEN, fallback: OPEN, advanced: OPEN,
    triggers: { array: obj({ type: STRING, name: OPEN, metricType: OPEN, useCachedMetrics: OPEN,
      authenticationRef: obj({ name: STRING, kind: OPEN }), metadata: strings }) },
  })),
  'keda.sh/v1alpha1/TriggerAuthentication': custom(obj({
    secretTargetRef: { array: obj({ parameter: STRING, name: STRING, key: STRING }) },
    configMapTargetRef: { array: obj({ parameter: STRING, name: STRING, key: STRING }) },
    env: OPEN, podIdentity: OPEN, hashiCorpVault: OPEN, azureKeyVault: OPEN, awsSecretManager: OPEN,
    gcpSecretManager: OPEN, boundServiceAccountToken: OPEN,
  })),
  'monitoring.coreos.com/v1/ServiceMonitor': custom(obj({
    selector: LABEL_SELECTOR, namespaceSelector: OPEN, jobLabel: OPEN, targetLabels: OPEN, podTargetLabels: OPEN,
    sampleLimit: OPEN, endpoints: { array: obj({ port: STRING, targetPort: OPEN, path: STRING, scheme: OPEN,
      interval: STRING, scrapeTimeout: OPEN, honorLabels: OPEN, params: OPEN, tlsConfig: OPEN,
      authorization: OPEN, relabelings: OPEN, metricRelabelings: OPEN }) },
  })),
  'kafka.strimzi.io/v1beta2/Kafka': custom(obj({
    kafka: obj({ version: OPEN, metadataVersion: OPEN, replicas: OPEN, image: OPEN, listeners: { array: obj({
      name: STRING, port: OPEN, type: STRING, tls: OPEN, authentication: OPEN, configuration: OPEN,
      networkPolicyPeers: OPEN }) }, config: OPEN, storage: OPEN, authorization: OPEN, rack: OPEN,
      brokerRackInitImage: OPEN, livenessProbe: OPEN, readinessProbe: OPEN, jvmOptions: OPEN, jmxOptions: OPEN,
      resources: RESOURCES, metricsConfig: OPEN, logging: OPEN, template: OPEN, tieredStorage: OPEN, quotas: OPEN }),
    entityOperator: obj({ topicOperator: OPEN, userOperator: OPEN, template: OPEN }),
    clusterCa: OPEN, clientsCa: OPEN, cruiseControl: OPEN, kafkaExporter: OPEN, maintenanceTimeWindows: OPEN,
  })),
  'kafka.strimzi.io/v1beta2/KafkaNodePool': custom(obj({
    replicas: OPEN, roles: { array: STRING }, storage: strimziStorage, resources: RESOURCES, jvmOptions: OPEN,
    template: OPEN,
  })),
  'kafka.strimzi.io/v1beta2/KafkaTopic': custom(obj({ topicName: OPEN, partitions: OPEN, replicas: OPEN,
    config: OPEN })),
  'postgresql.cnpg.io/v1/Cluster': custom(obj({
    description: OPEN, instances: OPEN, imageName: OPEN, imageCatalogRef: OPEN, postgresql: OPEN,
    bootstrap: obj({ initdb: OPEN, recovery: OPEN, pg_basebackup: OPEN }), storage: obj({ size: OPEN,
      storageClass: OPEN, resizeInUseVolumes: OPEN, pvcTemplate: OPEN }), walStorage: OPEN,
    managed: obj({ roles: { array: obj({ name: STRING, ensure: OPEN, comment: OPEN, login: OPEN, superuser: OPEN,
      createdb: OPEN, createrole: OPEN, inherit: OPEN, replication: OPEN, bypassrls: OPEN, connectionLimit: OPEN,
      validUntil: OPEN, inRoles: OPEN, passwordSecret: obj({ name: STRING }), disablePassword: OPEN }) },
      services: OPEN }),
    resources: RESOURCES, affinity: OPEN, monitoring: OPEN, backup: OPEN, plugins: OPEN,
    enableSuperuserAccess: OPEN, superuserSecret: OPEN, primaryUpdateStrategy: OPEN, primaryUpdateMethod: OPEN,
    minSyncReplicas: OPEN, maxSyncReplicas: OPEN, topologySpreadConstraints: OPEN, priorityClassName: OPEN,
  })),
  'postgresql.cnpg.io/v1/Database': custom(obj({ name: STRING, owner: STRING, cluster: obj({ name: STRING }),
    ensure: OPEN, databaseReclaimPolicy: OPEN, encoding: OPEN, locale: OPEN, localeProvider: OPEN,
    localeCollate: OPEN, localeCType: OPEN, template: OPEN, allowConnections: OPEN, connectionLimit: OPEN,
    isTemplate: OPEN, tablespace: OPEN, extensions: OPEN, schemas: OPEN })),
  'v1/Secret': null, // examples may hold plain Secrets: checked as Kubernetes objects
};

// ---- the walk ----------------------------------------------------------------------------------------------------

function walk(value, type, where, errors) {
  if (value === null || value === undefined || type === OPEN || type.leaf) return;
  if (type.type === 'string') {
    if (typeof value !== 'string') errors.push(`${where}: must be a string, not ${JSON.stringify(value)}`);
    return;
  }
  if (type.array) {
    if (Array.isArray(value)) value.forEach((item, i) => walk(item, type.array, `${where}[${i}]`, errors));
    else errors.push(`${where}: must be a list`);
    return;
  }
  if (type.map) {
    if (typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) walk(v, type.map, `${where}.${k}`, errors);
    } else errors.push(`${where}: must be a map`);
    return;
  }
  const fields = type.fields ?? (type.ref ? load(type.ref).props : null);
  if (!fields) return;
  if (typeof value !== 'object' || Array.isArray(value)) {
    errors.push(`${where}: must be an object`);
    return;
  }
  const get = (k) => (fields instanceof Map ? fields.get(k) : fields[k]);
  for (const [k, v] of Object.entries(value)) {
    const fieldType = get(k);
    if (fieldType === undefined) errors.push(`${where}.${k}: unknown field`);
    else walk(v, fieldType, `${where}.${k}`, errors);
  }
}

async function check(object, { allowCustom }) {
  const errors = [];
  if (!object || typeof object !== 'object' || !object.apiVersion || !object.kind) {
    return ['not a Kubernetes object (no apiVersion/kind)'];
  }
  if (!object.metadata?.name) errors.push('metadata.name: missing');
  const key = `${object.apiVersion}/${object.kind}`;
  if (CUSTOM[key]) {
    if (!allowCustom.has(key)) return [`${key}: not expected here`];
    walk(object, CUSTOM[key], object.kind, errors);
    return errors;
  }
  const model = byKind.get(key);
  if (!model) return [`${key}: no such Kubernetes API (or not one this validator knows)`];
  const module = await import(pathToFileURL(model.module).href);
  try {
    new module[model.kind](object).validate();
  } catch (e) {
    errors.push(`schema: ${e.message}`);
  }
  walk(object, { ref: model.file }, object.kind, errors);
  return errors;
}

function readDocuments(file) {
  const docs = parseAllDocuments(fs.readFileSync(file, 'utf8'));
  const objects = [];
  for (const doc of docs) {
    if (doc.errors.length) throw new Error(`${file}: YAML error: ${doc.errors[0].message}`);
    const value = doc.toJS();
    if (value !== null && value !== undefined) objects.push(value);
  }
  return objects;
}

indexModels();
const RENDERED_CUSTOM = new Set(['keda.sh/v1alpha1/ScaledObject', 'monitoring.coreos.com/v1/ServiceMonitor']);
const EXAMPLE_CUSTOM = new Set(Object.keys(CUSTOM).filter((k) => CUSTOM[k] && !RENDERED_CUSTOM.has(k)));

if (mode === 'self-test') {
  // Each of these must be refused, or the validator proves nothing.
  const deployment = (container, extraSpec = {}) => ({
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' },
    spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } },
      spec: { containers: [container] } }, ...extraSpec } });
  const cases = {
    'an unknown container field': deployment({ name: 'c', image: 'i', bogus: true }),
    'an unknown field deep in a probe': deployment({ name: 'c', image: 'i',
      readinessProbe: { httpGet: { port: 'http', paht: '/x' } } }),
    'a misplaced field (replicas in the pod spec)': (() => { const d = deployment({ name: 'c', image: 'i' });
      d.spec.template.spec.replicas = 2; return d; })(),
    'a wrong type': deployment({ name: 'c', image: 'i', ports: [{ containerPort: 'eighty' }] }),
    'a missing required field': deployment({ image: 'i' }),
    'an unknown kind': { apiVersion: 'apps/v1', kind: 'Deploymnet', metadata: { name: 'x' } },
    'a KEDA trigger with a number in metadata': { apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledObject',
      metadata: { name: 'x' }, spec: { scaleTargetRef: { name: 'x' },
        triggers: [{ type: 'kafka', metadata: { lagThreshold: 5 } }] } },
    'a KEDA secretTargetRef with a misspelt field (examples)': { apiVersion: 'keda.sh/v1alpha1',
      kind: 'TriggerAuthentication', metadata: { name: 'x' },
      spec: { secretTargetRef: [{ parameter: 'ca', secretName: 'x', key: 'ca.crt' }] } },
    'a TriggerAuthentication in the chart\'s output (only examples may hold one)': { apiVersion: 'keda.sh/v1alpha1',
      kind: 'TriggerAuthentication', metadata: { name: 'x' }, spec: {} },
  };
  const examplesOnly = new Set(['a KEDA secretTargetRef with a misspelt field (examples)']);
  const valid = deployment({ name: 'c', image: 'i', ports: [{ containerPort: 80, name: 'http' }],
    resources: { limits: { memory: '1Gi' } } }, { replicas: 2 });
  let failed = 0;
  for (const [what, object] of Object.entries(cases)) {
    const errors = await check(object, { allowCustom: examplesOnly.has(what) ? EXAMPLE_CUSTOM : RENDERED_CUSTOM });
    if (errors.length === 0) { console.error(`self-test: ${what} was accepted`); failed++; }
  }
  const validErrors = await check(valid, { allowCustom: RENDERED_CUSTOM });
  if (validErrors.length) { console.error(`self-test: a valid Deployment was refused: ${validErrors}`); failed++; }
  if (failed) process.exit(1);
  console.log(`self-test: ${Object.keys(cases).length} broken objects refused, a valid one accepted`);
  process.exit(0);
}

let total = 0, bad = 0;
const kinds = new Map();
const namesByFile = new Map(); // file -> Set("Kind name"), for the small variants' comparison below
for (const file of files) {
  let objects;
  try {
    objects = readDocuments(file);
  } catch (e) {
    console.error(e.message);
    bad++;
    continue;
  }
  namesByFile.set(path.resolve(file), new Set(objects.map((o) => `${o?.kind} ${o?.metadata?.name}`)));
  for (const object of objects) {
    total++;
    const allowCustom = mode === 'examples' ? EXAMPLE_CUSTOM : RENDERED_CUSTOM;
    const errors = await check(object, { allowCustom });
    const name = `${object?.kind ?? '?'} ${object?.metadata?.name ?? '?'}`;
    kinds.set(object?.kind, (kinds.get(object?.kind) ?? 0) + 1);
    if (errors.length) {
      bad++;
      for (const error of errors) console.error(`${path.basename(file)}: ${name}: ${error}`);
    }
  }
}
// An example's small variant (x-small.yaml beside x.yaml) declares the same objects, node pools aside: the same
// topics, databases, roles and Secrets, so the chart's values fit either.
if (mode === 'examples') {
  for (const [file, names] of namesByFile) {
    if (!file.endsWith('-small.yaml')) continue;
    const full = namesByFile.get(file.replace(/-small\.yaml$/, '.yaml'));
    if (!full) { console.error(`${path.basename(file)}: no full example beside it`); bad++; continue; }
    const sized = (name) => name.startsWith('KafkaNodePool ');
    const missing = [...full].filter((n) => !sized(n) && !names.has(n));
    const extra = [...names].filter((n) => !sized(n) && !full.has(n));
    if (missing.length || extra.length) {
      bad++;
      console.error(`${path.basename(file)}: differs from its full example: missing [${missing}], extra [${extra}]`);
    }
  }
}
const summary = [...kinds].map(([k, n]) => `${n} ${k}`).join(', ');
console.log(`${mode}: ${total} objects (${summary}), ${bad} invalid`);
process.exit(bad || total === 0 ? 1 : 0);
