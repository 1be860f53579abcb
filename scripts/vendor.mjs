// Copies the few front-end files the pages load from node_modules into runway/static/vendor/.
// The pages never reach a CDN: these files are served by WhiteNoise with the rest of the statics.
// Run after `npm ci`: `npm run vendor`.

import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const modules = join(root, "node_modules");
const target = join(root, "runway", "static", "vendor");

// [package, file inside the package, path under runway/static/vendor/]
const FILES = [
  ["htmx.org", "dist/htmx.min.js", "htmx/htmx.min.js"],
  ["echarts", "dist/echarts.min.js", "echarts/echarts.min.js"],
  ["@picocss/pico", "css/pico.min.css", "pico/pico.min.css"],
];

function packageVersion(name) {
  const manifest = join(modules, name, "package.json");
  if (!existsSync(manifest)) {
    throw new Error(`${name} is not installed: run \`npm ci\` first`);
  }
  return JSON.parse(readFileSync(manifest, "utf8")).version;
}

// Start clean so a file dropped from FILES does not linger and get collected as a static.
rmSync(target, { recursive: true, force: true });

for (const [name, source, destination] of FILES) {
  const version = packageVersion(name);
  const from = join(modules, name, source);
  const to = join(target, destination);
  if (!existsSync(from)) {
    throw new Error(`${name}@${version} has no ${source}`);
  }
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(from, to);
  const kib = (statSync(to).size / 1024).toFixed(0);
  console.log(`vendor/${destination}  <- ${name}@${version} ${source} (${kib} KiB)`);
}
