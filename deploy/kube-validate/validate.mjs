// Validates every document of the given YAML files against the Kubernetes API schema of its apiVersion and kind, as
// bundled in kubernetes-models (no cluster, no network): types, required fields and enumerations. Prints one line per
// invalid document and a closing "N valid, M invalid"; exits 1 when a document is invalid or of an unknown kind.
import { readFileSync } from "node:fs";
import { loadAll } from "js-yaml";

let valid = 0;
let invalid = 0;
for (const file of process.argv.slice(2)) {
  for (const doc of loadAll(readFileSync(file, "utf8"))) {
    if (!doc) {
      continue;
    }
    const where = `${file}: ${doc.kind} ${doc.metadata?.name}`;
    const path = String(doc.apiVersion);
    let model;
    try {
      model = (await import(`kubernetes-models/${path}/${doc.kind}`))[doc.kind];
    } catch (e) {
      console.error(`${where}: no schema for ${doc.apiVersion} ${doc.kind}`);
      invalid++;
      continue;
    }
    try {
      new model(doc).validate();
      valid++;
    } catch (e) {
      console.error(`${where}: ${e.message}`);
      invalid++;
    }
  }
}
console.log(`${valid} valid, ${invalid} invalid`);
process.exit(invalid > 0 || valid === 0 ? 1 : 0);
