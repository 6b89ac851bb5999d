import { defineConfig } from 'vite';

/**
 * The preload script. A sandboxed preload cannot load modules from disk, so the contract (and zod) are
 * bundled into one CommonJS file; only `electron` stays external.
 */
export default defineConfig({
  build: {
    ssr: 'src/preload/index.ts',
    ssrEmitAssets: false,
    outDir: 'out/preload',
    emptyOutDir: true,
    target: 'chrome130',
    sourcemap: false,
    rollupOptions: {
      external: ['electron'],
      output: { format: 'cjs', entryFileNames: 'index.cjs' },
    },
  },
  ssr: { noExternal: true },
});
