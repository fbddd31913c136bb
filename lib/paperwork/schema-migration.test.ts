/**
 * The 休学 term, 转入年级 and 处分情况 are new optional fields on cases and students (collections v1). A device
 * that stored its cases and roll under v0 opens them under v1 unchanged, and the new fields can then be
 * written: nothing a registrar captured is lost by the update.
 */
import { addRxPlugin, createRxDatabase, type RxJsonSchema } from 'rxdb';
import { RxDBDevModePlugin } from 'rxdb/plugins/dev-mode';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { wrappedValidateZSchemaStorage } from 'rxdb/plugins/validate-z-schema';
import { describe, expect, it } from 'vitest';
import { makeStudent } from '../../tests/fixtures/records';
import { COLLECTIONS } from '../db/collections';
import type { StatusChangeCase } from '../records';

addRxPlugin(RxDBDevModePlugin);
addRxPlugin(RxDBMigrationSchemaPlugin);
const validated = () => wrappedValidateZSchemaStorage({ storage: getRxStorageDexie() });

/** The schema as it was at version 0: the same, without the fields v1 added. */
function v0<T>(schema: RxJsonSchema<T>, added: string[]): RxJsonSchema<T> {
  const properties = { ...(schema.properties as Record<string, unknown>) };
  for (const f of added) delete properties[f];
  return { ...schema, version: 0, properties } as RxJsonSchema<T>;
}

const aCase: StatusChangeCase = {
  id: 'G1|休学|2026-03-01',
  xjh: 'G1',
  name: '甲',
  grade: '七年级',
  className: '七年级1班',
  changeType: '休学',
  reason: '因病',
  changeDate: '2026-03-01',
  appliedDate: '2026-03-01',
  reviewStatus: '审核通过',
  currentUnit: '本校',
  toSchool: '',
  fromSchool: '',
  flags: [],
  source: { host: 'h', pageKind: 'status-change-apply', seenAt: 1 },
  updatedAt: 1,
};

describe('cases and students stored before the 休学 term and 处分 fields', () => {
  it('open under the new schema unchanged and take the new fields', async () => {
    const name = `t${Date.now()}pw`;
    const old = await createRxDatabase({ name, storage: validated(), multiInstance: false });
    await old.addCollections({
      cases: { schema: v0(COLLECTIONS.cases.schema, ['suspension', 'toGrade', 'discipline']) },
      students: { schema: v0(COLLECTIONS.students.schema, ['suspension', 'discipline']) },
    });
    const student = makeStudent();
    await old.cases!.insert(aCase);
    await old.students!.insert(student);
    await old.close();

    const now = await createRxDatabase({ name, storage: validated(), multiInstance: false });
    await now.addCollections({
      cases: { schema: COLLECTIONS.cases.schema, migrationStrategies: COLLECTIONS.cases.migrationStrategies },
      students: {
        schema: COLLECTIONS.students.schema,
        migrationStrategies: COLLECTIONS.students.migrationStrategies,
      },
    });
    expect((await now.cases!.findOne(aCase.id).exec())?.toJSON()).toMatchObject(aCase);
    expect((await now.students!.findOne(student.id).exec())?.toJSON()).toMatchObject(student);
    await now.cases!.upsert({ ...aCase, suspension: { until: '2026-08-31' }, discipline: '无' });
    expect((await now.cases!.findOne(aCase.id).exec())?.get('suspension')).toEqual({ until: '2026-08-31' });
    await now.remove();
  });
});
