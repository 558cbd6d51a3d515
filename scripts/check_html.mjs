// The HTML of the pages the browser tests visit, checked by two programs nobody here wrote:
// the W3C Nu HTML Checker (vnu-jar) and pa11y with HTML_CodeSniffer (WCAG 2.1 AA), beside the
// axe-core checks of the browser tests themselves (issue #20).
//
//   node scripts/check_html.mjs PAGES_DIR STATIC_DIR
//
// PAGES_DIR holds the pages as the server sent them and pages.tsv (file, status, URL, test),
// written by tests/browser_plugin.py when STYRSAM_HTML_DIR is set; STATIC_DIR is the output of
// `styrsam manage collectstatic`. vnu reads every saved page; pa11y opens one page per distinct
// URL and status in Debian's Chromium, served with its CSS and JavaScript from 127.0.0.1.
// Exits 1 on any vnu error or pa11y error; prints the counts, and pa11y's warnings by code for
// review (docs/decisions/0006-html-checked-by-outside-programs.md says which were reviewed);
// STYRSAM_PA11Y_WARNINGS=1 lists every warning with its page and element.
import { spawnSync } from "node:child_process";
import { createReadStream, existsSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { extname, join, normalize } from "node:path";

const require = createRequire(import.meta.url);
const [pagesDir, staticDir] = process.argv.slice(2);
if (!pagesDir || !staticDir) {
  console.error("usage: node scripts/check_html.mjs PAGES_DIR STATIC_DIR");
  process.exit(2);
}
const CHROMIUM = process.env.STYRSAM_CHROMIUM || "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const VNU = join(import.meta.dirname, "..", "node_modules", "vnu-jar", "build", "dist", "vnu.jar");

const index = readFileSync(join(pagesDir, "pages.tsv"), "utf8")
  .split("\n")
  .filter(Boolean)
  .map((line) => {
    const [file, status, url, test] = line.split("\t");
    return { file, status, url, test };
  });
if (index.length === 0) {
  console.error(`no pages in ${pagesDir}/pages.tsv: the browser tests saved nothing`);
  process.exit(1);
}
const byFile = new Map(index.map((p) => [p.file, p]));
const files = [...byFile.keys()];

// --- the Nu HTML Checker over every saved page ------------------------------------------
const vnu = spawnSync(
  "java",
  ["-jar", VNU, "--errors-only", "--format", "json", ...files.map((f) => join(pagesDir, f))],
  { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
);
if (vnu.error || ![0, 1].includes(vnu.status)) {
  console.error(`vnu did not run: ${vnu.error || vnu.stderr}`);
  process.exit(1);
}
const vnuMessages = JSON.parse(vnu.stderr || '{"messages": []}').messages.filter(
  (m) => m.type === "error" || m.subType === "fatal",
);
for (const m of vnuMessages) {
  const page = byFile.get(m.url.split("/").pop());
  console.log(`vnu: ${page.url} (${page.test}) line ${m.lastLine}: ${m.message}`);
  if (m.extract) console.log(`     ${m.extract.replace(/\s+/g, " ").trim()}`);
}
const distinctUrls = new Set(index.map((p) => p.url));
console.log(
  `vnu (Nu HTML Checker): ${files.length} pages validated (${distinctUrls.size} distinct URLs), ` +
    `${vnuMessages.length} errors`,
);

// --- pa11y (HTML_CodeSniffer) over one page per URL and status ------------------------------
const TYPES = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript",
  ".svg": "image/svg+xml", ".ico": "image/x-icon", ".png": "image/png", ".woff2": "font/woff2" };
const server = createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
  const [root, rest] = path.startsWith("/static/")
    ? [staticDir, path.slice("/static/".length)]
    : path.startsWith("/pages/")
      ? [pagesDir, path.slice("/pages/".length)]
      : [null, null];
  const file = root && join(root, normalize(rest).replace(/^(\.\.[/\\])+/, ""));
  if (!file || !existsSync(file)) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { "content-type": TYPES[extname(file)] || "application/octet-stream" });
  createReadStream(file).pipe(res);
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const base = `http://127.0.0.1:${server.address().port}`;

const pa11y = require("pa11y");
const puppeteer = require("puppeteer");
const browser = await puppeteer.launch({
  executablePath: CHROMIUM,
  args: CHROMIUM_ARGS,
  headless: true,
});
const chosen = new Map();
for (const p of index) chosen.set(`${p.status} ${p.url}`, chosen.get(`${p.status} ${p.url}`) || p);
let errors = 0;
const warnings = new Map();
try {
  for (const p of chosen.values()) {
    const result = await pa11y(`${base}/pages/${p.file}`, {
      browser,
      runners: ["htmlcs"],
      standard: "WCAG2AA",
      includeWarnings: true,
      timeout: 30000,
    });
    for (const issue of result.issues) {
      if (issue.type === "error") {
        errors += 1;
        console.log(`pa11y: ${p.url} (${p.test}): ${issue.code}: ${issue.message}`);
        console.log(`       ${issue.selector}: ${issue.context}`);
      } else if (issue.type === "warning") {
        if (process.env.STYRSAM_PA11Y_WARNINGS) {
          console.log(`pa11y warning: ${p.url}: ${issue.code}: ${issue.selector}`);
        }
        const seen = warnings.get(issue.code) || { count: 0, example: `${p.url} ${issue.selector}` };
        seen.count += 1;
        warnings.set(issue.code, seen);
      }
    }
  }
} finally {
  await browser.close();
  server.close();
}
const warningCount = [...warnings.values()].reduce((n, w) => n + w.count, 0);
for (const [code, w] of [...warnings].sort((a, b) => b[1].count - a[1].count)) {
  console.log(`pa11y warning ${w.count}× ${code} (e.g. ${w.example})`);
}
console.log(
  `pa11y (HTML_CodeSniffer, WCAG2AA): ${chosen.size} pages checked, ${errors} errors, ` +
    `${warningCount} warnings of ${warnings.size} kinds`,
);
process.exit(vnuMessages.length || errors ? 1 : 0);
