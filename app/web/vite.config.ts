import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// `@ballast/client` is ../ts (a linked package, CommonJS in its dist/): the page and it must
// share one copy of web3.js and the Anchor client, or `PublicKey`s would not be `PublicKey`s.
export default defineConfig({
  plugins: [react()],
  base: "./",
  resolve: { dedupe: ["@solana/web3.js", "@anchor-lang/core", "buffer", "bn.js"] },
  optimizeDeps: { include: ["@ballast/client"] },
  build: { target: "es2022", chunkSizeWarningLimit: 2000 },
});
