/**
 * Builds the 2.0-style demo skin (Vue 3, Element Plus, vxe-table, vue-router) into demo/v2/dist, served
 * by the demo server under /v2/. Run by `npm run build:demo` and `npm start`; the output is not committed.
 */
import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/v2/',
  plugins: [vue()],
  logLevel: 'warn',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 4000,
    // The libraries' own DOM in production form: what a real deployment serves.
    minify: true,
  },
});
