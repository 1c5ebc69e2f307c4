// Validates every manifest in deploy/kubernetes/ without a cluster (none runs here): each document against the schema
// of its apiVersion/kind as published by Kubernetes (kubernetes-models, generated from Kubernetes' OpenAPI: types,
// required fields, enums, formats), then the rules this project holds its deployments to. Schema validation here does
// not reject unknown fields (kubeconform -strict would; it is not installable here), hence the key check below for
// the fields this project relies on.
import { readdirSync, readFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import yaml from "js-yaml";

const folder = join(dirname(fileURLToPath(import.meta.url)), "..");
const problems = [];
const documents = [];

for (const file of readdirSync(folder).filter((f) => f.endsWith(".yaml")).sort()) {
  for (const doc of yaml.loadAll(readFileSync(join(folder, file), "utf8"))) {
    if (doc) documents.push({ file, doc });
  }
}

for (const { file, doc } of documents) {
  const where = `${file}: ${doc.kind}/${doc.metadata?.name}`;
  const module = doc.apiVersion?.includes("/") ? doc.apiVersion : `v1`;
  let model;
  try {
    model = (await import(`kubernetes-models/${module}/${doc.kind}`))[doc.kind];
  } catch {
    problems.push(`${where}: unknown apiVersion/kind ${doc.apiVersion} ${doc.kind}`);
    continue;
  }
  try {
    new model(doc).validate();
  } catch (e) {
    problems.push(`${where}: ${e.message}`);
  }
}

const byKind = (kind) => documents.filter(({ doc }) => doc.kind === kind).map(({ doc }) => doc);
const configMaps = new Set(byKind("ConfigMap").map((c) => c.metadata.name));
const matches = (selector, labels) =>
  Object.entries(selector?.matchLabels ?? {}).every(([k, v]) => labels?.[k] === v);

for (const deployment of byKind("Deployment")) {
  const name = deployment.metadata.name;
  const pod = deployment.spec.template;
  if (!byKind("PodDisruptionBudget").some((pdb) => matches(pdb.spec.selector, pod.metadata.labels))) {
    problems.push(`Deployment/${name}: no PodDisruptionBudget selects its pods`);
  }
  if (!byKind("Service").some((svc) => matches({ matchLabels: svc.spec.selector }, pod.metadata.labels))) {
    problems.push(`Deployment/${name}: no Service selects its pods`);
  }
  if (pod.spec.securityContext?.runAsNonRoot !== true) problems.push(`Deployment/${name}: pods may run as root`);
  for (const c of pod.spec.containers) {
    const at = `Deployment/${name} container ${c.name}`;
    const known = new Set(["name", "image", "imagePullPolicy", "ports", "env", "envFrom", "resources", "startupProbe",
      "livenessProbe", "readinessProbe", "securityContext", "volumeMounts", "args", "command"]);
    for (const key of Object.keys(c)) if (!known.has(key)) problems.push(`${at}: unexpected field '${key}'`);
    if (!/:[^:/]+$/.test(c.image) || c.image.endsWith(":latest")) problems.push(`${at}: image without a pinned tag`);
    if (c.livenessProbe?.httpGet?.path !== "/actuator/health/liveness") problems.push(`${at}: liveness probe is not /actuator/health/liveness`);
    if (c.readinessProbe?.httpGet?.path !== "/actuator/health/readiness") problems.push(`${at}: readiness probe is not /actuator/health/readiness`);
    if (!c.resources?.limits?.memory) problems.push(`${at}: no memory limit`);
    if (c.securityContext?.allowPrivilegeEscalation !== false) problems.push(`${at}: privilege escalation allowed`);
    for (const env of c.env ?? []) {
      if (/PASSWORD|SECRET|TOKEN/.test(env.name) && !env.valueFrom?.secretKeyRef) {
        problems.push(`${at}: ${env.name} must come from a Secret (secretKeyRef), not a literal`);
      }
    }
    for (const from of c.envFrom ?? []) {
      if (from.configMapRef && !configMaps.has(from.configMapRef.name)) {
        problems.push(`${at}: ConfigMap ${from.configMapRef.name} is not among the manifests`);
      }
    }
  }
}
for (const configMap of byKind("ConfigMap")) {
  for (const key of Object.keys(configMap.data ?? {})) {
    if (/PASSWORD|SECRET|TOKEN/.test(key)) problems.push(`ConfigMap/${configMap.metadata.name}: ${key} belongs in a Secret`);
  }
}

if (problems.length) {
  console.error(problems.map((p) => "  " + p).join("\n"));
  console.error(`kubernetes manifests: ${problems.length} problem(s)`);
  process.exit(1);
}
console.log(`kubernetes manifests: ${documents.length} documents valid (${[...new Set(documents.map((d) => d.doc.kind))].join(", ")})`);
