// Parses every ```mermaid block of the given Markdown files with mermaid's own parser, the one GitHub renders them
// with (mermaid needs a DOM for its sanitizer: jsdom gives it one; nothing is drawn, nothing is fetched). Prints one
// line per diagram (file:line, diagram type or the parse error) and a closing "N diagrams valid, M invalid"; exits 1
// when a diagram does not parse or a file has none.
import { readFileSync } from "node:fs";
import { JSDOM } from "jsdom";

const { window } = new JSDOM("");
globalThis.window = window;
globalThis.document = window.document;
const { default: mermaid } = await import("mermaid");
mermaid.initialize({ startOnLoad: false });

/** The mermaid blocks of a Markdown text, each with the line its fence opens on (1-based). */
function blocks(text) {
  const found = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (/^```mermaid\s*$/.test(lines[i])) {
      const start = i + 1;
      let end = start;
      while (end < lines.length && !/^```\s*$/.test(lines[end])) {
        end++;
      }
      found.push({ line: i + 1, source: lines.slice(start, end).join("\n") });
      i = end;
    }
  }
  return found;
}

let valid = 0;
let invalid = 0;
for (const file of process.argv.slice(2)) {
  const diagrams = blocks(readFileSync(file, "utf8"));
  if (diagrams.length === 0) {
    console.error(`${file}: no mermaid block`);
    invalid++;
  }
  for (const { line, source } of diagrams) {
    try {
      const { diagramType } = await mermaid.parse(source);
      console.log(`${file}:${line}: ${diagramType}`);
      valid++;
    } catch (e) {
      console.error(`${file}:${line}: ${String(e.message ?? e).split("\n").slice(0, 4).join(" ")}`);
      invalid++;
    }
  }
}
console.log(`${valid} diagrams valid, ${invalid} invalid`);
process.exit(invalid > 0 ? 1 : 0);
