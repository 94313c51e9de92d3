import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'

/**
 * `electron-vite build` → out/main (ESM: index.js and the engine's engine-process.js), out/preload/index.cjs, out/renderer (static files also
 * served by `mevault serve`). The renderer never imports src/core: it only sees the typed API.
 */
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // Two entries: the main process, and the vault engine it runs in a utility process (src/main/engine-process.ts).
      rolldownOptions: { input: { index: 'src/main/index.ts', 'engine-process': 'src/main/engine-process.ts' } }
    }
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload cannot be an ES module and may require only 'electron': one CommonJS file.
      externalizeDeps: false,
      rolldownOptions: { output: { format: 'cjs', entryFileNames: '[name].cjs' } }
    }
  },
  renderer: {
    root: 'src/renderer',
    plugins: [react()],
    build: { outDir: 'out/renderer' }
  }
})
