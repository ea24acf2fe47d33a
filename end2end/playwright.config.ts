import { defineConfig } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// Runs Caseboard's browser tests against Debian's Chromium (Playwright never
// downloads a browser) and a fresh server with the demo data set.
const bin = process.env.CASEBOARD_BIN ?? path.resolve(__dirname, '../target/bin/caseboard');
const siteRoot = process.env.LEPTOS_SITE_ROOT ?? path.resolve(__dirname, '../target/site');
// Several checkouts may run their browser tests at once: CASEBOARD_E2E_PORT.
const port = Number(process.env.CASEBOARD_E2E_PORT ?? 3111);
const baseURL = `http://127.0.0.1:${port}`;

// The config is evaluated again in every worker; the data directory is made
// once, in the runner, and inherited through the environment.
if (!process.env.CASEBOARD_E2E_DATA_DIR) {
  process.env.CASEBOARD_E2E_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'caseboard-e2e-'));
}
const dataDir = process.env.CASEBOARD_E2E_DATA_DIR;

export default defineConfig({
  testDir: './tests',
  fullyParallel: true,
  workers: 2,
  retries: 0,
  reporter: 'list',
  // Bounds far above any normal run, so a loaded machine (a debug WASM bundle
  // takes seconds to load and hydrate there) cannot fail a test: tests prove
  // that things finish, never how fast (speed figures belong in benchmarks).
  timeout: 120_000,
  expect: { timeout: 30_000 },
  globalTeardown: './global-teardown.ts',
  // The register import adds a thousand Institutions to the one demo
  // database every test shares; it runs after the rest, whose figures
  // assume the demo data as seeded.
  projects: [
    { name: 'pages', testIgnore: /gias-import\.spec\.ts/ },
    { name: 'register-import', testMatch: /gias-import\.spec\.ts/, dependencies: ['pages'] },
  ],
  use: {
    baseURL,
    browserName: 'chromium',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless=new',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
    trace: 'retain-on-failure',
  },
  webServer: {
    command: `"${bin}" serve --demo`,
    url: `${baseURL}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      CASEBOARD_DATA_DIR: dataDir,
      CASEBOARD_ADDR: `127.0.0.1:${port}`,
      CASEBOARD_DEMO_PASSWORD: 'e2e-demo-password',
      LEPTOS_SITE_ROOT: siteRoot,
      RUST_LOG: 'warn',
      // Every test signs in from 127.0.0.1: lift the per-address sign-in limit.
      CASEBOARD_SIGN_IN_PER_MINUTE: '100000',
    },
  },
});
