import { describe, expect, it } from 'vitest';
import { zh } from '../coded.testing';
import { BaoxueEvent, type StatusChangeCase } from '../records';
import { Settings } from '../settings/settings';
import { checkCase, latestReceipts, type Receipt } from './checklist';
import { paperworkConsequences } from './consequences';
import { contextFrom } from './context';
import { DEFAULT_RULES } from './rules';

const ctx = contextFrom(Settings.parse({}));
const source = { host: 'h', pageKind: 'status-change-apply', seenAt: 1 };
const aCase = (over: Partial<StatusChangeCase> = {}): StatusChangeCase => ({
  id: 'x',
  xjh: 'G1',
  name: '甲',
  grade: '七年级',
  className: '七年级1班',
  changeType: '转出',
  reason: '',
  changeDate: '2026-11-16',
  appliedDate: '2026-11-16',
  reviewStatus: '待审核',
  currentUnit: '本校',
  toSchool: '东城中学', // the receiving school the host shows: the child's 流出去向
  fromSchool: '',
  flags: [],
  source,
  updatedAt: 1,
  ...over,
});
const received = (...docs: string[]) =>
  new Map<string, Receipt>(
    docs.map((doc) => [doc, { doc, state: 'received', by: '王老师', at: 1, note: '' }]),
  );
const check = (
  c: StatusChangeCase,
  receipts = received(),
  today = '2026-11-22',
  allCases: StatusChangeCase[] = [c],
) => checkCase(c, { ...ctx, today, receipts, allCases });

describe('the rule table', () => {
  it.each(DEFAULT_RULES.map((r) => [r.type, r] as const))(
    '%s: cites a source and lists what is mandatory',
    (type, rule) => {
      expect(rule.source.length).toBeGreaterThan(4);
      const c = aCase({ changeType: type, grade: '三年级' });
      const none = check(c);
      expect(none.ruleType).toBe(type);
      expect(none.missing.map((d) => d.code)).toEqual(
        rule.documents.filter((d) => d.mandatory).map((d) => d.code),
      );
      const all = check(c, received(...rule.documents.filter((d) => d.mandatory).map((d) => d.code)));
      expect(all.missing).toEqual([]);
      expect(all.flags).not.toContain('paperwork-missing');
      expect(all.flags).not.toContain('paperwork-overdue');
    },
  );

  it('finds a rule by an alias the host may use', () => {
    expect(check(aCase({ changeType: '转学转出' })).ruleType).toBe('转出');
  });
});

describe('a 转出 checklist', () => {
  it('names the mandatory documents still missing and when they are due', () => {
    const list = check(aCase(), received('application', 'teacher-opinion'));
    expect(list.missing.map((d) => d.name)).toEqual(['接收学校签署意见/接收证明', '分管校长审批']);
    expect(list.due).toBe('2026-11-30'); // 10 working days after 2026-11-16
    expect(list.overdue).toBe(false);
    expect(list.flags).toEqual(['paperwork-missing']);
  });

  it('is overdue once the deadline has passed, and that makes a suspected dropout with a task for the teacher', () => {
    const c = aCase({ appliedDate: '2026-10-20', changeDate: '2026-10-20' });
    const list = check(c, received('application'));
    expect(list.due).toBe('2026-11-03');
    expect(list.flags).toEqual(['paperwork-missing', 'paperwork-overdue']);
    const { atRisk, tasks } = paperworkConsequences([{ c, list }], 5);
    expect(atRisk).toEqual([
      expect.objectContaining({ reason: 'transfer-overdue', name: '甲', since: '2026-11-03' }),
    ]);
    expect(tasks[0]).toMatchObject({
      id: 'urge-transfer:x',
      ownerRole: 'teacher',
      due: '2026-11-03',
      state: 'open',
    });
    // The task says how many documents are missing; the checklist names them.
    expect(zh(tasks[0]!.title)).toContain(`缺 ${list.missing.length} 项材料`);
  });

  it('is not overdue once the host system approved it, and says nothing for a refused case', () => {
    expect(check(aCase({ appliedDate: '2026-10-20', reviewStatus: '审核通过' })).flags).toEqual([
      'paperwork-missing',
    ]);
    expect(check(aCase({ reviewStatus: '审核不通过' })).flags).toEqual([]);
  });

  it('flags a transfer for a graduating student or a student on 休学 as not allowed', () => {
    expect(check(aCase({ grade: '九年级' })).flags).toContain('transfer-not-allowed-graduating');
    const suspension = aCase({
      id: 's',
      changeType: '休学',
      reviewStatus: '审核通过',
      appliedDate: '2026-09-01',
      changeDate: '2026-09-01',
    });
    const transfer = aCase();
    expect(check(transfer, received(), '2026-11-22', [suspension, transfer]).flags).toContain(
      'transfer-not-allowed-suspended',
    );
    const resumed = aCase({
      id: 'r',
      changeType: '复学',
      reviewStatus: '审核通过',
      appliedDate: '2026-11-01',
      changeDate: '2026-11-01',
    });
    expect(check(transfer, received(), '2026-11-22', [suspension, resumed, transfer]).flags).not.toContain(
      'transfer-not-allowed-suspended',
    );
  });

  it('flags an unreadable 申请日期 instead of guessing a deadline', () => {
    const list = check(aCase({ appliedDate: '十一月' }));
    expect(list.due).toBeUndefined();
    expect(list.flags).toContain('deadline-unknown');
  });

  it('flags a 申请日期 that is no real day (2026-02-30) instead of counting a deadline from it', () => {
    const list = check(aCase({ appliedDate: '2026-02-30' }));
    expect(list.due).toBeUndefined();
    expect(list.flags).toContain('deadline-unknown');
  });
});

describe('休学 past its end', () => {
  const suspension = aCase({
    changeType: '休学',
    reviewStatus: '审核通过',
    appliedDate: '2025-09-15',
    changeDate: '2025-09-15',
  });
  it('is flagged when no 复学 or 续休 followed', () => {
    const list = check(
      suspension,
      received(
        'application',
        'medical-certificate',
        'school-approval',
        'bureau-filing',
        'suspension-certificate',
      ),
    );
    expect(list.suspensionEnds).toBe('2026-09-15');
    expect(list.flags).toEqual(['suspension-expired']);
    expect(paperworkConsequences([{ c: suspension, list }], 1).atRisk[0]?.reason).toBe('suspension-expired');
  });
  it('is not flagged once a 复学 was filed', () => {
    const resume = aCase({
      id: 'r',
      changeType: '复学',
      appliedDate: '2026-09-10',
      changeDate: '2026-09-10',
    });
    expect(check(suspension, received(), '2026-11-22', [suspension, resume]).flags).not.toContain(
      'suspension-expired',
    );
  });
});

describe('bad input', () => {
  it('never guesses an unknown change type', () => {
    const list = check(aCase({ changeType: '学籍注销' }));
    expect(list.ruleType).toBeUndefined();
    expect(list).toMatchObject({ flags: ['unknown-change-type'], items: [] });
  });
});

describe('receipts and school adjustments', () => {
  it('takes the latest tick per document; a withdrawal undoes a receipt', () => {
    const ev = (id: string, at: number, state: string): BaoxueEvent =>
      BaoxueEvent.parse({
        id,
        kind: 'documentReceived',
        studentId: '',
        caseId: 'x',
        author: '王老师',
        at,
        recordedAt: at,
        data: { doc: 'application', state, note: '' },
      });
    expect(
      latestReceipts([ev('a', 1, 'received'), ev('b', 2, 'withdrawn')], 'x').get('application')?.state,
    ).toBe('withdrawn');
    expect(
      latestReceipts([ev('b', 2, 'withdrawn'), ev('c', 3, 'received')], 'x').get('application')?.state,
    ).toBe('received');
  });

  it('lets a school mark a document optional, add one and change the deadline', () => {
    const local = contextFrom(
      Settings.parse({
        overrides: {
          转出: {
            deadlineWorkingDays: 5,
            mandatory: { 'leader-approval': false },
            added: [{ code: 'photo', name: '学生近期照片', provider: 'guardian', mandatory: true }],
          },
        },
      }),
    );
    const list = checkCase(aCase(), { ...local, today: '2026-11-22', receipts: received(), allCases: [] });
    expect(list.missing.map((d) => d.name)).toEqual([
      '监护人书面申请',
      '班主任签署意见',
      '接收学校签署意见/接收证明',
      '学生近期照片',
    ]);
    expect(list.due).toBe('2026-11-23');
  });
});
