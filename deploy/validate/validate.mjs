// Validates every manifest of a directory against the JSON schemas of its kind (kubernetes-models,
// which bundles the Kubernetes API schemas, and its Prometheus Operator package): required fields,
// types, formats. A kind it does not know is an error; kustomization.yaml (no schema there) is left
// to KubernetesManifestsTest. Usage: node validate.mjs DIR
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import * as core from "kubernetes-models/v1";
import * as apps from "kubernetes-models/apps/v1";
import * as monitoring from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1";

const models = {
  "v1": core,
  "apps/v1": apps,
  "monitoring.coreos.com/v1": monitoring,
};

const dir = process.argv[2];
let failures = 0;
let checked = 0;
for (const file of readdirSync(dir).filter(f => f.endsWith(".yaml") && f !== "kustomization.yaml").sort()) {
  for (const doc of parseAllDocuments(readFileSync(join(dir, file), "utf8"))) {
    const manifest = doc.toJS();
    const Model = models[manifest.apiVersion]?.[manifest.kind];
    if (!Model) {
      console.error(`${file}: unknown kind ${manifest.kind} of ${manifest.apiVersion}`);
      failures++;
      continue;
    }
    try {
      new Model(manifest).validate();
      checked++;
    } catch (e) {
      console.error(`${file}: ${manifest.kind} ${manifest.metadata?.name ?? ""}: ${e.message}`);
      failures++;
    }
  }
}
if (failures > 0 || checked === 0) {
  console.error(`deploy: ${failures} invalid manifests in ${dir}`);
  process.exit(1);
}
console.log(`deploy: ${checked} manifests of ${dir} valid against the Kubernetes schemas`);
