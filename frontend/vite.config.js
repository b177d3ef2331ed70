// Builds the workbench into the Python package so `frontwire serve` ships it (no CDN at run time).
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

export default defineConfig({
  base: "/static/",
  build: {
    outDir: fileURLToPath(new URL("../src/frontwire/serve/static", import.meta.url)),
    emptyOutDir: true,
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 2000,
  },
});
