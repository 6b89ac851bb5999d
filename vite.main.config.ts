import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';
import pkg from './package.json' with { type: 'json' };

/**
 * The Electron main process: one ESM bundle of the shell and the Electron-free core. Dependencies stay
 * external (they ship in the asar's node_modules; better-sqlite3 is rebuilt for Electron there).
 */
export default defineConfig({
  build: {
    ssr: 'src/main/electron/main.ts',
    outDir: 'out/main',
    emptyOutDir: true,
    target: 'node22',
    sourcemap: true,
    rollupOptions: {
      external: [
        'electron',
        ...builtinModules,
        ...builtinModules.map((m) => `node:${m}`),
        ...Object.keys(pkg.dependencies),
      ].map((name) => new RegExp(`^${name.replace(/[/.]/g, '\\$&')}(/.*)?$`)),
      output: { format: 'es', entryFileNames: 'index.js' },
    },
  },
});
