// The dashboard's build: `vite build --config web/vite.config.ts` (npm run build) writes
// web/dist, which the server serves at `/`. Everything is bundled: no CDN, no outside fonts.
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  // Preact's JSX runtime, compiled by esbuild (no Babel plugin needed).
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', reportCompressedSize: false, chunkSizeWarningLimit: 200 },
  logLevel: 'warn',
})
