import { defineConfig } from '@playwright/test';

// End-to-end tests drive Debian's Chromium with the real built extension (npm run build:demo first).
// One worker: each test owns a browser profile, and CI has two cores.
export default defineConfig({
  testDir: 'tests/e2e',
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  retries: 0,
  reporter: [['list']],
  use: { trace: 'off' },
});
