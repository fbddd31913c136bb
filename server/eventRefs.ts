/**
 * A teacher's event that names another record (issue 16 review, finding 1). The scope rule (server/scope.ts)
 * judges an event by the child it is about (`studentId`); two fields name another record, and a device acts on
 * them whoever the record is about:
 * - `supersedes` (lib/risk/corrections.ts): the record it names stops counting — a teacher writing 到 about
 *   their own child with another class's 旷课 mark's id would take that mark off the registrar's ledger;
 * - `caseId` (lib/risk/persuasion.ts): the step joins that 劝返 case — a teacher's "returned" with another
 *   class's case id would close that child's case (动态销号).
 * So for a limited scope (a teacher), deny by default:
 * - `supersedes` must name an event the server holds (or one in the same write) about the same child as the
 *   correction, and one the writer may read;
 * - `caseId` is taken on a 劝返 step (`persuasionAttempt`) about a child only — the one event a teacher may
 *   write that names a case (a case's 材料 tick, `documentReceived`, is the office's: lib/sync/school.ts) —
 *   and must name a case whose every step held (or in the same write) is about that child; a case no step
 *   names yet only by its opening step (`open`).
 * Each refusal has one text whether the record named exists elsewhere or not at all, so a refusal tells a
 * teacher nothing about another class. The office (`all` scope) is not judged here: its devices resolve every
 * child (lib/risk keeps a stray reference from acting there too).
 *
 * Where a case's steps are: the server has no query by field, so the school's index (server/scope.ts
 * `ClassIndex`, the one reader of the events' changes feed) keeps caseId → its steps' children
 * (server/caseSteps.ts); the gateway hands it here caught up for the write being judged.
 */
import { refusalReason } from '../lib/sync/refusals';
import { databaseName } from '../lib/sync/school';
import { inScope, type SchoolIndex, type Scope } from './scope';
import type { Upstream } from './upstream';

type Doc = Record<string, unknown>;

export const SUPERSEDES_REFUSED = refusalReason('correction-elsewhere');
export const CASE_REFUSED = refusalReason('case-elsewhere');

export class EventRefs {
  constructor(private engine: Upstream) {}

  /**
   * Why each of `docs` (events written by a limited scope) is refused for what it names; undefined where
   * nothing is wrong, or where `skip(i)` (already refused for another reason). `index`: the school's, read up
   * to now (its `caseSteps`; without them no step naming a case is taken).
   */
  async refusals(
    school: string,
    scope: Scope,
    docs: Doc[],
    skip: (i: number) => boolean,
    index: SchoolIndex | undefined,
  ): Promise<(string | undefined)[]> {
    if (scope.all) return docs.map(() => undefined);
    const live = (i: number) => !skip(i) && docs[i]!._deleted !== true;
    const named = (f: string, i: number) => {
      const v = docs[i]![f];
      return live(i) && typeof v === 'string' && v !== '' ? v : undefined;
    };
    const targets = [...new Set(docs.flatMap((_, i) => named('supersedes', i) ?? []))];
    const held = await this.read(school, targets);
    const cases = index?.caseSteps;
    // A record written in the same request counts as held (a device pushes a case's opening and its next step,
    // or a mark and its correction, together).
    const batch = new Map<string, Doc>();
    docs.forEach((d, i) => {
      if (live(i) && typeof d._id === 'string') batch.set(d._id, d);
    });
    return docs.map((d, i) => {
      const target = named('supersedes', i);
      if (target !== undefined) {
        // The server's copy first: a record rewritten in the same request is judged as it stands.
        const t = held.get(target) ?? batch.get(target);
        if (!t || t._id === d._id || !sameChild(t, d) || !inScope(scope, 'events', t, index))
          return SUPERSEDES_REFUSED;
      }
      const caseId = named('caseId', i);
      if (caseId !== undefined) {
        if (!cases || d.kind !== 'persuasionAttempt' || typeof d.studentId !== 'string' || d.studentId === '')
          return CASE_REFUSED;
        const children = new Set<string>();
        for (const [id, child] of cases.get(caseId) ?? []) if (id !== d._id) children.add(child);
        docs.forEach((o, j) => {
          if (j !== i && named('caseId', j) === caseId && o.kind === 'persuasionAttempt')
            children.add(String(o.studentId ?? ''));
        });
        if (children.size === 0) {
          if ((d.data as Doc | undefined)?.step !== 'open') return CASE_REFUSED;
        } else if ([...children].some((c) => c !== d.studentId)) return CASE_REFUSED;
      }
      return undefined;
    });
  }

  /** The events of `ids` the server holds (deleted ones are not held). */
  private async read(school: string, ids: string[]): Promise<Map<string, Doc>> {
    const out = new Map<string, Doc>();
    if (!ids.length) return out;
    const r = await this.engine.json<{ rows?: { key: string; doc?: Doc | null }[] }>(
      'POST',
      `/${encodeURIComponent(databaseName(school, 'events'))}/_all_docs?include_docs=true`,
      { keys: ids },
    );
    if (r.status !== 200 || !Array.isArray(r.json.rows)) throw new Error(`events read: ${r.status}`);
    for (const row of r.json.rows) if (row.doc && !row.doc._deleted) out.set(row.key, row.doc);
    return out;
  }
}

/** Whether two events are about the same child ('' for both: about no child). */
const sameChild = (a: Doc, b: Doc) => String(a.studentId ?? '') === String(b.studentId ?? '');
