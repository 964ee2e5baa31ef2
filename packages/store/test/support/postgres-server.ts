/**
 * A real PostgreSQL server for the tests: a throwaway cluster in a temp dir, run
 * by an unprivileged user on a free loopback port, stopped and removed at the end.
 * Installs Debian's `postgresql` package when its binaries are missing (as root).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';

const isRoot = process.getuid?.() === 0;

const binDir = (): string | null => {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return null;
  const versions = fs
    .readdirSync(root)
    .filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? null : path.join(root, versions[0], 'bin');
};

/** The server's binaries, installing them first when they are missing and we may. */
export const postgresBin = (): string => {
  const found = binDir();
  if (found !== null) return found;
  if (!isRoot)
    throw new Error(
      'PostgreSQL is not installed (/usr/lib/postgresql/*/bin/initdb) and installing it needs root: apt-get install -y postgresql',
    );
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  // Test files run in parallel workers: one installs while the others wait on the lock, then find it installed.
  const script =
    'ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { apt-get update && apt-get install -y --no-install-recommends postgresql; }';
  execFileSync('flock', [path.join(os.tmpdir(), 'license-ledger-apt.lock'), 'sh', '-c', script], {
    stdio: 'ignore',
    env,
    timeout: 900_000,
  });
  const installed = binDir();
  if (installed === null) throw new Error('apt-get install postgresql left no initdb under /usr/lib/postgresql');
  return installed;
};

/** Root runs the server as the `postgres` user the package creates (or `nobody`); anyone else as themselves. */
const serverUser = (): { name: string; uid: number; gid: number } | null => {
  if (!isRoot) return null;
  for (const name of ['postgres', 'nobody']) {
    const id = spawnSync('id', ['-u', name], { encoding: 'utf8' });
    if (id.status === 0) {
      const gid = spawnSync('id', ['-g', name], { encoding: 'utf8' });
      return { name, uid: Number(id.stdout.trim()), gid: Number(gid.stdout.trim()) };
    }
  }
  throw new Error('no unprivileged user (postgres, nobody) to run PostgreSQL as');
};

export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address() as net.AddressInfo;
      server.close(() => resolve(address.port));
    });
  });

export interface PostgresServer {
  readonly port: number;
  /** A new empty database, by URL. */
  createDatabase(name?: string): Promise<string>;
  /** pg_ctl stop (fast: connections are cut), then start again on the same port. */
  restart(options?: { downMs?: number }): Promise<void>;
  stop(): void;
}

let databases = 0;

export const startPostgres = async (options: { readonly fsync?: boolean } = {}): Promise<PostgresServer> => {
  const bin = postgresBin();
  const user = serverUser();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'license-ledger-pg-'));
  if (user !== null) fs.chownSync(dir, user.uid, user.gid);
  const run = (tool: string, args: readonly string[]) => {
    const command = user === null ? path.join(bin, tool) : 'runuser';
    const full = user === null ? [...args] : ['-u', user.name, '--', path.join(bin, tool), ...args];
    const result = spawnSync(command, full, { encoding: 'utf8', timeout: 120_000 });
    if (result.status !== 0)
      throw new Error(
        `${tool} failed: ${result.stderr || result.stdout}\n${fs.existsSync(path.join(dir, 'log')) ? fs.readFileSync(path.join(dir, 'log'), 'utf8').slice(-2000) : ''}`,
      );
  };
  const data = path.join(dir, 'data');
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'ledger', '-E', 'UTF8', '--no-sync']);
  const port = await freePort();
  const settings = [
    `-p ${port}`,
    `-k ${dir}`,
    "-c listen_addresses='127.0.0.1'",
    '-c max_connections=200',
    ...(options.fsync === true ? [] : ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off']),
  ];
  const start = () =>
    run('pg_ctl', ['-D', data, '-l', path.join(dir, 'log'), '-w', '-t', '60', '-o', settings.join(' '), 'start']);
  start();
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
  return {
    port,
    async createDatabase(name = `t${process.pid}_${++databases}`) {
      const admin = new Client({ connectionString: `postgres://ledger@127.0.0.1:${port}/postgres` });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${name}`);
      } finally {
        await admin.end();
      }
      return `postgres://ledger@127.0.0.1:${port}/${name}`;
    },
    async restart({ downMs = 0 } = {}) {
      run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      if (downMs > 0) await new Promise((resolve) => setTimeout(resolve, downMs));
      start();
    },
    stop,
  };
};
