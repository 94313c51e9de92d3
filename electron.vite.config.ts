import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'

/**
 * `electron-vite build` → out/main (ESM), out/preload/index.cjs, out/renderer (static files also
 * served by `mevault serve`). The renderer never imports src/core: it only sees the typed API.
 */
export default defineConfig({
  main: {
    build: { outDir: 'out/main' }
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
