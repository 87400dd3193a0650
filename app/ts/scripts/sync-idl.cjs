// Copies the committed IDL (../../idl/ballast.json) and Anchor's types file for it
// (../../idl/ballast.ts) into src/idl/, where the package compiles them in. The IDL is
// generated from the program by scripts/idl.sh and committed once, in idl/; this copy is
// build output (git-ignored), so the package can never carry a stale one.
const fs = require("node:fs");
const path = require("node:path");

const from = path.join(__dirname, "..", "..", "..", "idl");
const to = path.join(__dirname, "..", "src", "idl");
fs.mkdirSync(to, { recursive: true });
for (const file of ["ballast.json", "ballast.ts"]) {
  const source = path.join(from, file);
  const target = path.join(to, file);
  const text = fs.readFileSync(source, "utf8");
  if (!fs.existsSync(target) || fs.readFileSync(target, "utf8") !== text) {
    fs.writeFileSync(target, text);
  }
}
