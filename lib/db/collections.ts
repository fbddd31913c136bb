/**
 * The store's collections. JSON schemas are derived from the zod record types so there is one source of
 * truth; each collection has a schema version and its migration strategies here, from day one.
 *
 * Replicated (≤ 6 for RxDB's CouchDB plugin): students, cases, events, changes (lib/sync/school SYNCED).
 * Derived on each device: tasks.
 * Device-local: settings, and risks (derived from the events, so every device computes its own).
 */
import type { MigrationStrategies, RxJsonSchema } from 'rxdb';
import { ChangeEvent, RiskSummary, Setting, StatusChangeCase, StoredEvent, Student, Task } from '../records';
import { z } from '../zod';

type JsonObject = Record<string, unknown>;

/** zod emits draft 2020-12; RxDB's validators read draft 4-7. Drop what they do not know. */
function sanitize(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(sanitize);
  if (!node || typeof node !== 'object') return node;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(node as JsonObject)) {
    if (k === '$schema' || k === 'propertyNames') continue;
    out[k] = sanitize(v);
  }
  return out;
}

function rxSchema<T>(
  type: z.ZodType<T>,
  opts: { version: number; indexes?: string[]; description: string },
): RxJsonSchema<T> {
  const json = sanitize(z.toJSONSchema(type, { io: 'output' })) as JsonObject;
  const properties = json.properties as Record<string, JsonObject>;
  // RxDB needs bounded, integral numbers on indexed number fields.
  for (const field of opts.indexes ?? []) {
    const p = properties[field];
    if (p && (p.type === 'integer' || p.type === 'number'))
      Object.assign(p, { type: 'number', multipleOf: 1 });
  }
  return {
    title: opts.description,
    version: opts.version,
    primaryKey: 'id',
    type: 'object',
    properties,
    required: json.required as string[],
    additionalProperties: false,
    indexes: opts.indexes,
  } as unknown as RxJsonSchema<T>;
}

export interface CollectionSpec<T> {
  type: z.ZodType<T>;
  schema: RxJsonSchema<T>;
  /** version N → migration from N-1. Empty while every collection is at version 0. */
  migrationStrategies: MigrationStrategies;
  replicated: boolean;
}

function spec<T>(
  type: z.ZodType<T>,
  opts: { version: number; indexes?: string[]; description: string; replicated: boolean },
  migrationStrategies: MigrationStrategies = {},
): CollectionSpec<T> {
  return { type, schema: rxSchema(type, opts), migrationStrategies, replicated: opts.replicated };
}

export const COLLECTIONS = {
  // No secondary index on students: nothing queries them by anything but id, and every index is paid
  // on each bulk write of a roster.
  // v1 adds the 学籍卡's 休学 term and 处分情况 (optional): nothing to change in stored documents.
  students: spec(
    Student,
    { version: 1, description: '学生 students', replicated: true },
    { 1: (doc) => doc },
  ),
  // v1 adds the case's 休学 term, 转入年级 and 处分情况 (optional): nothing to change in stored documents.
  cases: spec(
    StatusChangeCase,
    {
      version: 1,
      indexes: ['updatedAt'],
      description: '学籍异动 status-change cases',
      replicated: true,
    },
    { 1: (doc) => doc },
  ),
  // v1 indexes studentId: the risk list recomputes one student from that student's records alone.
  // v2 adds the kind `pageTaught` (识别此页): nothing to change in stored documents.
  events: spec(
    StoredEvent,
    {
      version: 2,
      indexes: ['recordedAt', 'studentId'],
      description: 'append-only events (absences, visits, attempts, documents)',
      replicated: true,
    },
    { 1: (doc) => ({ ...doc, studentId: doc.studentId ?? '' }), 2: (doc) => doc },
  ),
  // v1 indexes studentId: the risk list brings one student's tasks in step without reading the school's.
  // v2: a title is a coded text (lib/coded.ts); a title stored as words stays valid and is shown as it is
  // until the next recompute rewrites it.
  tasks: spec(
    Task,
    // Derived on each device from the shared events and cases, so never replicated (no conflicts).
    { version: 2, indexes: ['updatedAt', 'studentId'], description: 'tasks 待办', replicated: false },
    { 1: (doc) => ({ ...doc, studentId: doc.studentId ?? '' }), 2: (doc) => doc },
  ),
  changes: spec(ChangeEvent, {
    version: 0,
    indexes: ['at'],
    description: '变动记录 change events',
    replicated: true,
  }),
  settings: spec(Setting, { version: 0, description: 'device-local settings', replicated: false }),
  // v1: reasons are coded texts (lib/coded.ts); reasons stored as words stay valid and are shown as they
  // are until the next recompute rewrites them.
  risks: spec(
    RiskSummary,
    {
      version: 1,
      indexes: ['rank'],
      description: '风险名单 derived risk summaries (device-local)',
      replicated: false,
    },
    { 1: (doc) => doc },
  ),
} as const;

export type CollectionName = keyof typeof COLLECTIONS;
export const COLLECTION_NAMES = Object.keys(COLLECTIONS) as CollectionName[];
