/**
 * Dates as host pages write them, through every page reader, to what a sealed school's server takes in clear
 * (an ISO day or blank: server/sealedShape.ts). A record with `2026/9/1` in a clear date field was held back on
 * the device (未上传的记录) and never reached colleagues; a date that is no date is left blank and said so.
 */
// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import zh from '../../public/_locales/zh_CN/messages.json';
import { unsealedFields } from '../../server/sealedShape';
import type { StatusChangeCase, Student } from '../records';
import type { SyncedCollection } from '../sync/school';
import { newKeyringData, openKeyring, sealRecord } from '../sync/sealed';
import { studentExtras } from './json';
import { statusChangeList } from './pages/status-change';
import { cardToStudent, readCard } from './pages/student-card';
import { studentList } from './pages/student-list';

const SOURCE = { host: 'xj.example.edu.cn', pageKind: 'status-change-apply', seenAt: 1_790_000_000_000 };
const XJH = 'G110105201401010099';

const caseRead = (appliedDate: string, changeDate = '') =>
  statusChangeList.toRecord(
    { xjh: XJH, name: '示例', className: '七年级1班', changeType: '转学（转出）', appliedDate, changeDate },
    SOURCE,
  ) as StatusChangeCase;

/** What the sealed school's server refuses of this record (sealed as the device sends it): [] = accepted. */
async function refusedBySealedServer(c: SyncedCollection, doc: Record<string, unknown>): Promise<string[]> {
  const k = await openKeyring(newKeyringData());
  const { id, ...rest } = await sealRecord(k, c, 'id', { ...doc, _deleted: false });
  return unsealedFields(c, { ...rest, _id: id }, undefined);
}

describe('host dates reach the record as the Beijing day, YYYY-MM-DD', () => {
  it.each([
    ['2026/9/1', '2026-09-01'],
    ['2026.09.01', '2026-09-01'],
    ['2026年9月1日', '2026-09-01'],
    ['20260901', '2026-09-01'],
    ['2026-09-01 08:30:00', '2026-09-01'],
    ['2026-09-01T08:30:00', '2026-09-01'],
    ['2026年09月01日08:30', '2026-09-01'],
    ['2026-08-31T16:30:00.000Z', '2026-09-01'], // a 2.0 API's UTC instant: half past midnight in Beijing
    ['1788193800000', '2026-09-01'], // the same instant as epoch milliseconds
    ['20260901083000', '2026-09-01'],
  ])(
    'a 学籍异动 case whose page writes %s is stored with %s and a sealed server takes it',
    async (shown, day) => {
      const c = caseRead(shown, shown);
      expect([c.appliedDate, c.changeDate, c.flags]).toEqual([day, day, []]);
      expect(c.id).toBe(`${XJH}|转学(转出)|${day}`);
      expect(await refusedBySealedServer('cases', c)).toEqual([]);
    },
  );

  it('a date that is no date is left blank and flagged in words a registrar reads; the record still syncs', async () => {
    const c = caseRead('待定', '2026-02-30');
    expect([c.appliedDate, c.changeDate]).toEqual(['', '']);
    expect(c.flags).toEqual(['applied-date-unreadable', 'change-date-unreadable']);
    for (const f of c.flags)
      expect(zh[`flag_${f.replace(/-/g, '_')}` as keyof typeof zh]?.message).toMatch(/无法识别/);
    // Two such cases of one child still differ by what the page showed.
    expect(c.id).toBe(`${XJH}|转学(转出)|待定`);
    expect(await refusedBySealedServer('cases', c)).toEqual([]);
  });

  it('a student list reads 出生日期 the same way, and flags one it cannot read without storing it', () => {
    const read = (birthDate: string) =>
      studentList.toRecord({ xjh: XJH, name: '示例', birthDate }, SOURCE) as Student;
    expect(read('2014年1月1日').birthDate).toBe('2014-01-01');
    expect(read('2014-01-01T00:00:00').birthDate).toBe('2014-01-01');
    const unread = read('不详');
    expect(unread.birthDate).toBe('');
    expect(unread.flags).toContain('birthdate-unreadable');
  });

  it('a 学籍卡 reads its 休学 dates and 入学年月 as the host writes them, flagging a 休学 date it cannot read', () => {
    const card = (until: string, enrolled: string) => {
      const doc = new DOMParser().parseFromString(
        `<table>
          <tr><td class="FieldLabel">全国学籍号</td><td class="FieldInput">${XJH}</td></tr>
          <tr><td class="FieldLabel">姓名</td><td class="FieldInput">示例</td></tr>
          <tr><td class="FieldLabel">出生日期</td><td class="FieldInput">2014/1/1</td></tr>
          <tr><td class="FieldLabel">休学开始日期</td><td class="FieldInput">2026年3月2日</td></tr>
          <tr><td class="FieldLabel">休学结束日期</td><td class="FieldInput">${until}</td></tr>
          <tr><td class="FieldLabel">入学年月</td><td class="FieldInput">${enrolled}</td></tr>
        </table>`,
        'text/html',
      );
      return cardToStudent(readCard(doc)!, { ...SOURCE, pageKind: 'student-card' })!;
    };
    const s = card('2027.3.1', '2020年9月');
    expect([s.birthDate, s.suspension, s.enrolled, s.flags.filter((f) => f.includes('date'))]).toEqual([
      '2014-01-01',
      { from: '2026-03-02', until: '2027-03-01' },
      '2020-09',
      [],
    ]);
    const unread = card('一年后', '2020/9');
    expect(unread.suspension).toEqual({ from: '2026-03-02' });
    expect(unread.flags).toContain('suspension-date-unreadable');
    expect(unread.enrolled).toBe('2020-09');
  });

  it('the JSON of a student list gives 入学年月 as YYYY-MM however it writes it', () => {
    expect(studentExtras({ rxny: '202009' }).enrolled).toBe('2020-09');
    expect(studentExtras({ rxny: '2020-09' }).enrolled).toBe('2020-09');
    expect(studentExtras({ rxny: '不详' }).enrolled).toBeUndefined();
  });
});
