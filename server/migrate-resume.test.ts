/**
 * `server:setup --finish-migration` resuming a rebuild that stopped half-way (server/migrate.ts), on the embedded
 * engine over HTTP: if the server ran in between, what it took since is never thrown away. A run that stopped
 * before the database was touched sets its saved file aside and goes on from the database; one that stopped
 * mid-rebuild, with writes since, stops in words and changes nothing. Without writes since, it resumes as before.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmbeddedEngine } from './engine';
import { finishMigration } from './migrate';
import type { Upstream } from './upstream';

const DB = 'baoxue-demo-events';
const alias = () => `h-${randomBytes(24).toString('base64url')}`;
const sealed = (at: number) => ({ enc: `v1.${randomBytes(12).toString('base64url')}`, at, kind: 'absence' });
let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

/** A school's events database with sealed records and one retired plain record, and its saved file as a run writes it. */
async function school() {
  const dir = await mkdtemp(join(tmpdir(), 'baoxue-resume-'));
  const e = await startEmbeddedEngine(dir);
  close = e.close;
  const engine: Upstream = e.engine;
  await engine.json('PUT', `/${DB}`);
  const a = alias();
  const b = alias();
  await engine.json('PUT', `/${DB}/${a}`, sealed(1));
  await engine.json('PUT', `/${DB}/${b}`, sealed(2));
  const plain = (await engine.json<{ rev: string }>('PUT', `/${DB}/absence:G1:2026-11-20:am`, { at: 3 }))
    .json;
  await engine.json('DELETE', `/${DB}/absence:G1:2026-11-20:am?rev=${plain.rev}`);
  // What the run saved before it would destroy the database (server/migrate.ts keptRevisions).
  const got = await engine.json<{ results: { docs: { ok: Record<string, unknown> }[] }[] }>(
    'POST',
    `/${DB}/_bulk_get?revs=true`,
    { docs: [{ id: a }, { id: b }] },
  );
  const docs = got.json.results.map((r) => r.docs[0]!.ok);
  const seq = Number((await engine.json<{ update_seq: unknown }>('GET', `/${DB}`)).json.update_seq);
  const saved = join(dir, `migrate-${DB}.json`);
  await writeFile(saved, JSON.stringify({ docs, security: {}, seq }));
  return { dir, engine, a, b, saved };
}
const ids = async (engine: Upstream) =>
  (await engine.json<{ rows: { id: string }[] }>('GET', `/${DB}/_all_docs`)).json.rows
    .map((r) => r.id)
    .sort();

describe('--finish-migration resuming from its saved file', () => {
  it('keeps what the server took after a run stopped before touching the database', async () => {
    const { dir, engine, a, b, saved } = await school();
    // The server ran in between: a teacher's absence arrived.
    const c = alias();
    await engine.json('PUT', `/${DB}/${c}`, sealed(4));
    const lines: string[] = [];
    const [report] = await finishMigration(engine, { dir, embedded: true, log: (l) => lines.push(l) });
    expect(await ids(engine)).toEqual([a, b, c].sort());
    expect(report?.rebuilt).toBe(true); // the retired plain record is gone from the files as before
    expect(lines.join('\n')).toContain('数据库完整');
    // The saved file is set aside, never deleted.
    expect(existsSync(saved)).toBe(false);
    expect((await readdir(dir)).some((f) => f.startsWith(`migrate-${DB}.json.`))).toBe(true);
  });

  it('stops in words, changing nothing, when the rebuild stopped half-way and the server took writes since', async () => {
    const { dir, engine, a, b, saved } = await school();
    // Stopped half-way: the database made again with only part of what was saved, then the server ran.
    await engine.json('DELETE', `/${DB}`);
    await engine.json('PUT', `/${DB}`);
    await engine.json('PUT', `/${DB}/${a}`, sealed(1));
    const c = alias();
    await engine.json('PUT', `/${DB}/${c}`, sealed(4));
    await expect(finishMigration(engine, { dir, embedded: true })).rejects.toThrow(/备份整个数据目录/);
    expect(await ids(engine)).toEqual([a, c].sort());
    expect(existsSync(saved)).toBe(true);
    expect(b).toBeTruthy();
  });

  it('resumes from the saved file when nothing was written since', async () => {
    const { dir, engine, a, b, saved } = await school();
    await engine.json('DELETE', `/${DB}`);
    await engine.json('PUT', `/${DB}`);
    const [report] = await finishMigration(engine, { dir, embedded: true });
    expect(await ids(engine)).toEqual([a, b].sort());
    expect(report?.removed).toBe(0);
    expect(existsSync(saved)).toBe(false);
  });
});
