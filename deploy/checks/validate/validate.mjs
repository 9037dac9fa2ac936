// Validates every object of the given multi-document YAML files against its schema: Kubernetes (kubernetes-models),
// Strimzi, Prometheus Operator and CloudNativePG (their @kubernetes-models packages). Catches wrong types, missing
// required fields and kinds no schema knows; also a KafkaTopic without the strimzi.io/cluster label (which the schema
// cannot see) and the same kind and name twice. Prints one line per problem; exits 1 if there is any.
//   node validate.mjs FILE...
import { readFileSync } from "node:fs";
import yaml from "js-yaml";

const packages = {
  "kafka.strimzi.io": "@kubernetes-models/strimzi-kafka-operator",
  "monitoring.coreos.com": "@kubernetes-models/prometheus-operator",
  "postgresql.cnpg.io": "@kubernetes-models/cloudnative-pg",
};

async function modelOf(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  const pkg = packages[group] ?? "kubernetes-models";
  const path = group ? `${pkg}/${group}/${version}` : `${pkg}/${version}`;
  let module;
  try {
    module = await import(path);
  } catch {
    throw new Error(`no schema for apiVersion ${apiVersion}`);
  }
  if (!module[kind]) throw new Error(`no kind ${kind} in ${apiVersion}`);
  return module[kind];
}

const problems = [];
for (const file of process.argv.slice(2)) {
  const seen = new Set();
  for (const doc of yaml.loadAll(readFileSync(file, "utf8"))) {
    if (!doc) continue;
    const id = `${doc.kind}/${doc.metadata?.namespace ? doc.metadata.namespace + "/" : ""}${doc.metadata?.name}`;
    if (seen.has(id)) problems.push(`${file}: ${id}: twice`);
    seen.add(id);
    try {
      const Model = await modelOf(String(doc.apiVersion), String(doc.kind));
      new Model(doc).validate();
    } catch (e) {
      problems.push(`${file}: ${id}: ${e.message.replace(/\s+/g, " ")}`);
    }
    if (doc.kind === "KafkaTopic" && !doc.metadata?.labels?.["strimzi.io/cluster"]) {
      problems.push(`${file}: ${id}: no strimzi.io/cluster label (no Strimzi cluster will make it)`);
    }
  }
}
problems.forEach((p) => console.log(p));
process.exit(problems.length ? 1 : 0);
