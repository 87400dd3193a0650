// Serves the built page (dist/) on 127.0.0.1 and, at /node.json, the file `ballast node
// --info` wrote, so the page opens on that node's demo vault. No dependencies.
//   node serve.mjs [--port 4173] [--info ../../target/node.json]
import { createReadStream, existsSync, readFileSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join, normalize, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const port = Number(opt("--port", process.env.PORT ?? "4173"));
const defaultInfo = resolve(opt("--info", join(here, "..", "..", "target", "node.json")));
const root = join(here, "dist");
if (!existsSync(join(root, "index.html"))) {
  console.error("no dist/index.html: run `npm run build` first");
  process.exit(2);
}
const types = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".json": "application/json", ".svg": "image/svg+xml", ".png": "image/png" };

export function serve(p = port, info = defaultInfo) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    if (path === "/node.json") {
      if (!existsSync(info)) {
        res.writeHead(404).end(`no ${info}: start \`ballast node --info ${info}\``);
        return;
      }
      res.writeHead(200, { "Content-Type": "application/json", "Cache-Control": "no-store" }).end(readFileSync(info));
      return;
    }
    let file = normalize(join(root, path === "/" ? "index.html" : path));
    if (!file.startsWith(root) || !existsSync(file) || statSync(file).isDirectory()) file = join(root, "index.html");
    res.writeHead(200, { "Content-Type": types[extname(file)] ?? "application/octet-stream" });
    createReadStream(file).pipe(res);
  });
  return new Promise((ok) => server.listen(p, "127.0.0.1", () => ok(server)));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const server = await serve();
  console.log(`the page: http://127.0.0.1:${server.address().port}/ (node info from ${defaultInfo})`);
}
