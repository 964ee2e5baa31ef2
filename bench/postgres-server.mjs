// A throwaway PostgreSQL cluster for pnpm bench:store, as the store tests start one
// (packages/store/test/support/postgres-server.ts): a temp dir, an unprivileged user,
// a free loopback port; installs Debian's postgresql when missing (as root).
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

const isRoot = process.getuid?.() === 0;

const binDir = () => {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return null;
  const versions = fs
    .readdirSync(root)
    .filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? null : path.join(root, versions[0], 'bin');
};

const postgresBin = () => {
  const found = binDir();
  if (found !== null) return found;
  if (!isRoot)
    throw new Error('PostgreSQL is not installed and installing it needs root: apt-get install -y postgresql');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update'], { stdio: 'ignore', env });
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'postgresql'], { stdio: 'ignore', env });
  return binDir();
};

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

export const startPostgres = async () => {
  const bin = postgresBin();
  const user = isRoot ? 'postgres' : null;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'license-ledger-bench-pg-'));
  if (user !== null) {
    const uid = Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim());
    fs.chownSync(dir, uid, gid);
  }
  const run = (tool, args) => {
    const result =
      user === null
        ? spawnSync(path.join(bin, tool), args, { encoding: 'utf8' })
        : spawnSync('runuser', ['-u', user, '--', path.join(bin, tool), ...args], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${tool} failed: ${result.stderr || result.stdout}`);
  };
  const data = path.join(dir, 'data');
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'ledger', '-E', 'UTF8', '--no-sync']);
  const port = await freePort();
  run('pg_ctl', [
    '-D',
    data,
    '-l',
    path.join(dir, 'log'),
    '-w',
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses='127.0.0.1'`,
    'start',
  ]);
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
  process.once('exit', stop);
  return { url: `postgres://ledger@127.0.0.1:${port}/postgres`, stop };
};
