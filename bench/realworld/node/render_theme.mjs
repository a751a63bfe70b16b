// Renders one JSON Resume document (stdin) with the named npm theme; HTML on stdout.
// Usage: node render_theme.mjs <theme-package-name> < resume.json > resume.html
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";

const require = createRequire(import.meta.url);
// Some themes log while rendering (compact logs every date); the HTML alone goes to stdout.
console.log = (...args) => console.error(...args);
const name = process.argv[2];
const resume = JSON.parse(readFileSync(0, "utf8"));
let theme;
try {
  theme = require(name);
} catch (err) {
  theme = await import(name);
}
const render = theme.render ?? theme.default?.render ?? theme.default;
const html = await render(resume);
process.stdout.write(html);
