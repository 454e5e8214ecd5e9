// Runs a fake Odoo from the command line (the demo mode starts one this way):
//   node test/fake-odoo/cli.ts --leads 20000 --seed 7 --version 17.0 --port 8069
// Node runs this file with its own type stripping; the hook below lets the `.js` specifiers the project
// writes resolve to the `.ts` files beside them. A million leads take about 2 GB and 20 s to generate and load.
import { registerHooks } from 'node:module';
import { parseArgs } from 'node:util';

registerHooks({
  resolve(specifier, context, nextResolve) {
    try {
      return nextResolve(specifier, context);
    } catch (error) {
      if (!specifier.startsWith('.') || !specifier.endsWith('.js')) throw error;
      return nextResolve(`${specifier.slice(0, -3)}.ts`, context);
    }
  },
});

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8069' },
    host: { type: 'string', default: '127.0.0.1' },
    leads: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '1' },
    now: { type: 'string' },
    version: { type: 'string', default: '17.0' },
    database: { type: 'string', default: 'odoo' },
    login: { type: 'string', default: 'admin' },
    password: { type: 'string', default: 'admin' },
    'api-key': { type: 'string' },
    enterprise: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  console.log('Usage: node test/fake-odoo/cli.ts [--port 8069] [--leads 1000] [--seed 1] [--version 16.0|17.0|18.0|19.0]');
  console.log('       [--now "YYYY-MM-DD HH:MM:SS"] (the data\'s present: nothing is written after it; default this minute)');
  console.log('       [--database odoo] [--login admin] [--password admin] [--api-key <40 hex>] [--enterprise] [--host 127.0.0.1]');
  process.exit(0);
}

const { ODOO_VERSIONS } = await import('./odoo-version.js');
const version = ODOO_VERSIONS.find((candidate) => candidate === values.version);
if (!version) {
  console.error(`--version must be one of ${ODOO_VERSIONS.join(', ')}`);
  process.exit(2);
}

const { generateDataset } = await import('./dataset.js');
const { FakeOdooServer } = await import('./fake-odoo-server.js');

const started = performance.now();
const dataset = generateDataset({ seed: Number(values.seed), leads: Number(values.leads), now: values.now });
const generated = performance.now();
const server = await FakeOdooServer.start({
  version,
  enterprise: values.enterprise,
  database: values.database,
  login: values.login,
  password: values.password,
  apiKey: values['api-key'],
  host: values.host,
  port: Number(values.port),
  dataset,
  adoptDataset: true,
});

const counts = Object.entries(dataset.records)
  .map(([model, rows]) => `${model} ${rows.length}`)
  .join(', ');
console.log(`Fake Odoo ${version} listening on ${server.url}`);
console.log(`  database: ${server.database}`);
console.log(`  login:    ${server.login}`);
console.log(`  password: ${server.password}`);
console.log(`  API key:  ${server.apiKey}`);
console.log(`  JSON-RPC: ${server.url}/jsonrpc${version === '19.0' ? `   JSON-2: ${server.url}/json/2/<model>/<method>` : ''}`);
console.log(`  data (seed ${dataset.seed}, generated in ${Math.round(generated - started)} ms): ${counts}`);

const shutdown = () => {
  void server.stop().then(() => process.exit(0));
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
