import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';
import { DEMO_MATCHES, KNOWN_MATCHES } from './lib/hosts';

// `wxt build --mode demo` (npm run build:demo) adds the local demo site; the production build does not.
export default defineConfig({
  outDir: '.output',
  vite: () => ({ plugins: [preact()] }),
  manifest: ({ mode, browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'zh_CN',
    permissions: ['storage', 'alarms', 'scripting'],
    host_permissions: [...KNOWN_MATCHES, ...(mode === 'demo' ? DEMO_MATCHES : [])],
    optional_host_permissions: ['https://*/*', 'http://*/*'],
    action: { default_title: '__MSG_extName__' },
    ...(browser === 'firefox'
      ? { browser_specific_settings: { gecko: { id: 'baoxue@baoxue.local', strict_min_version: '128.0' } } }
      : {}),
  }),
  hooks: {
    // The bench page ships in the demo build only.
    'entrypoints:resolved': (wxt, entrypoints) => {
      if (wxt.config.mode === 'demo') return;
      const i = entrypoints.findIndex((e) => e.name === 'bench');
      if (i >= 0) entrypoints.splice(i, 1);
    },
    'build:manifestGenerated': (wxt, manifest) => {
      if (wxt.config.mode !== 'demo') return;
      for (const cs of manifest.content_scripts ?? []) cs.matches = [...(cs.matches ?? []), ...DEMO_MATCHES];
    },
  },
});
