// The window's bundle as the app embeds it: every file of dist/, raw and
// gzipped (zlib, level 9), and the total, which must stay within the
// budget so that the window does not grow unnoticed. Run after the build
// (`npm run build`); `./dev test` runs it as a gate.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

/** Gzipped bytes the whole bundle may take. */
const BUDGET = 50_000;

const dist = fileURLToPath(new URL("../dist/", import.meta.url));

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else yield path;
  }
}

let raw = 0;
let gzipped = 0;
for (const path of [...files(dist)].sort()) {
  const bytes = readFileSync(path);
  const gz = gzipSync(bytes, { level: 9 }).length;
  raw += bytes.length;
  gzipped += gz;
  console.log(`${relative(dist, path).padEnd(32)} ${String(bytes.length).padStart(8)} B  gzip ${String(gz).padStart(7)} B`);
}
console.log(`${"total".padEnd(32)} ${String(raw).padStart(8)} B  gzip ${String(gzipped).padStart(7)} B (budget ${BUDGET} B)`);
if (gzipped > BUDGET) {
  console.error(`the window's bundle is ${gzipped} B gzipped, over its budget of ${BUDGET} B`);
  process.exit(1);
}
