/**
 * Casebook: how capture reads a 学籍系统 page by meaning. Each case names the page text it follows
 * (domain.md §2, the host system; or the committed fixture it reflects) so a registrar can check it
 * against what the 学籍系统 shows.
 */
import { describe, expect, it } from 'vitest';
import type { StatusChangeCase } from './../records';
import { diffCase, diffStudent } from '../roll/diff';
import { columnsFrom, fieldMapOf } from './columns';
import { type FieldKey, fieldForLabel } from './fields';
import { disagreements } from './json';
import { sameValue } from './normalize';
import { classify, toReadRows } from './recognise';

const SYNONYMS = 'domain.md §2 “Header labels and synonyms a reader must accept”';
const LABELS = 'issue 13 “Labels”: full-/half-width forms and spaces normalised once (lib/text.ts labelKey)';

describe('a column is known by its header text, however it is typed', () => {
  const cases: { header: string; field: FieldKey | undefined; source: string }[] = [
    { header: '学籍 号', field: 'xjh', source: `${SYNONYMS}; fixture fullwidth-headers.html` },
    { header: '姓\u3000名', field: 'name', source: `${LABELS}; fixture fullwidth-headers.html` },
    { header: '性别\u200b', field: 'sex', source: `${LABELS}; fixture fullwidth-headers.html` },
    {
      header: '异动⽇期',
      field: 'changeDate',
      source: `${LABELS} (⽇ U+2F47 is 日); fullwidth-headers.html`,
    },
    { header: '＊申请日期：', field: 'appliedDate', source: `${LABELS}; fixture fullwidth-headers.html` },
    { header: '审核状态▼', field: 'reviewStatus', source: `${SYNONYMS} (a sort arrow is not part of it)` },
    { header: '个人标识码', field: 'xjh', source: SYNONYMS },
    { header: '证件号码', field: 'idNumber', source: SYNONYMS },
    { header: '变动类型', field: 'changeType', source: SYNONYMS },
    { header: '办理状态', field: 'reviewStatus', source: `${SYNONYMS}; fixture cross-province.html` },
    {
      header: '休学原因',
      field: undefined,
      source: 'fixture suspension-list.html: a column Baoxue does not read',
    },
  ];
  it.each(cases)('“$header” → $field ($source)', ({ header, field }) => {
    expect(fieldForLabel(header)).toBe(field);
  });
});

describe('the grid’s JSON and its DOM: a difference of form is not a mismatch', () => {
  const cases: { field: FieldKey; dom: string; json: string; same: boolean; source: string }[] = [
    {
      field: 'birthDate',
      dom: '2025-09-10',
      json: '20250910',
      same: true,
      source: 'domain.md §2 csrq 出生日期 (YYYYMMDD)',
    },
    { field: 'sex', dom: '男', json: '1', same: true, source: 'domain.md §2 xbm 性别码 (1 男, 2 女)' },
    {
      field: 'sex',
      dom: '男',
      json: '2',
      same: false,
      source: 'domain.md §2 xbm: 2 is 女, a real difference',
    },
    {
      field: 'changeType',
      dom: '转学（转出）',
      json: '转学(转出)',
      same: true,
      source: `${LABELS}; fullwidth-headers.html`,
    },
    {
      field: 'changeType',
      dom: '出国（境）学习',
      json: '出国(境)学习',
      same: true,
      source: `${LABELS}; fullwidth-headers.html`,
    },
    { field: 'name', dom: '张 三', json: '张三', same: true, source: `${LABELS} (spaces)` },
    {
      field: 'xjh',
      dom: 'Ｇ370304201511184064',
      json: 'G370304201511184064',
      same: true,
      source: 'domain.md §3 全国学籍号; full-width letter',
    },
    {
      field: 'appliedDate',
      dom: '2026年10月9日',
      json: '20261009',
      same: true,
      source: 'fixture fullwidth-headers.html 申请日期',
    },
    {
      field: 'changeDate',
      dom: '２０２６－１０－１２',
      json: '2026-10-12',
      same: true,
      source: 'fixture fullwidth-headers.html 异动日期 (full-width digits)',
    },
    {
      field: 'appliedDate',
      dom: '2026-10-12 08:30:00',
      json: '20261012',
      same: true,
      source: 'domain.md §2 申请日期 / 申请时间 (a time of day beside the date)',
    },
    {
      field: 'suspensionUntil',
      dom: '2027/3/1',
      json: '2027-03-01T00:00:00',
      same: true,
      source: 'domain.md §4 休学 (its end date, as a 2.0 API may write it with a time)',
    },
    {
      field: 'changeDate',
      dom: '2026-10-11',
      json: '20261012',
      same: false,
      source: 'domain.md §2 异动日期: another day is a real difference',
    },
    {
      field: 'reviewStatus',
      dom: '待审核',
      json: '审核通过',
      same: false,
      source: 'domain.md §2 review labels 待审核 / 审核通过 / 审核不通过',
    },
    { field: 'onRoll', dom: '是', json: '1', same: true, source: 'domain.md §2 sfzx 是否在校' },
    { field: 'idType', dom: '居民身份证', json: '1', same: true, source: 'domain.md §3 身份证件类型 code 1' },
  ];
  it.each(cases)(
    '$field: page “$dom”, JSON “$json” → same: $same ($source)',
    ({ field, dom, json, same }) => {
      expect(sameValue(field, dom, json)).toBe(same);
      expect(disagreements({ [field]: dom }, { [field]: json }, [field])).toEqual(same ? [] : [field]);
    },
  );

  it('a value the JSON lacks is no mismatch: the page’s 审核状态 stands (fixture status-change-fieldnames.html)', () => {
    expect(disagreements({ reviewStatus: '待审核' }, {}, ['reviewStatus'])).toEqual([]);
  });
});

describe('a list whose page implies a column', () => {
  const fields = (...f: FieldKey[]) => ({ fields: f });
  const ctx = (title: string) => ({ title, host: 'h', now: 1 });
  const noType = fields('xjh', 'name', 'grade', 'className', 'appliedDate', 'reviewStatus');
  const cases: { title: string; expected: string | null; source: string }[] = [
    {
      title: '跨省转学查询',
      expected: '转学',
      source: 'domain.md §2 menu 学籍管理 → 跨省转学; fixture cross-province-notype.html',
    },
    { title: '跨省转学　查询', expected: '转学', source: `${LABELS}: the title with an ideographic space` },
    { title: '休学学生查询', expected: '休学', source: 'domain.md §4 休学; fixture suspension-list.html' },
    { title: '复学学生名单', expected: '复学', source: 'domain.md §4 复学' },
    {
      title: '学籍异动申请',
      expected: null,
      source: 'domain.md §2 学籍异动 lists hold every kind: 异动类别 is required',
    },
    {
      title: '休学复学查询',
      expected: null,
      source: 'a title naming two kinds implies neither (Baoxue does not guess)',
    },
  ];
  it.each(cases)('“$title” without 异动类别 → $expected ($source)', ({ title, expected }) => {
    const c = classify(noType, ctx(title));
    if (expected === null) {
      expect(c).toMatchObject({ status: 'missing', missing: ['异动类别/异动类型/变动类型/业务类型'] });
      return;
    }
    if (c.status !== 'ok') throw new Error(c.status);
    const [row] = toReadRows(
      c.reader,
      [
        {
          element: {} as Element,
          cells: { xjh: 'G370304201511184064', name: '示例', appliedDate: '2026-10-12' },
        },
      ],
      { host: 'h', pageKind: c.kind, seenAt: 1 },
      c.implied,
    );
    expect((row!.record as StatusChangeCase).changeType).toBe(expected);
  });

  it('what a row shows wins over what the page implies (fixture cross-province.html: 跨省转出)', () => {
    const c = classify(fields('xjh', 'name', 'changeType'), ctx('跨省转学查询'));
    if (c.status !== 'ok') throw new Error(c.status);
    const [row] = toReadRows(
      c.reader,
      [
        {
          element: {} as Element,
          cells: { xjh: 'G370304201511184064', name: '示例', changeType: '跨省转出' },
        },
      ],
      { host: 'h', pageKind: c.kind, seenAt: 1 },
      c.implied,
    );
    expect((row!.record as StatusChangeCase).changeType).toBe('跨省转出');
  });
});

describe('the grid’s own column model names its JSON fields', () => {
  const cases: { config: unknown[]; names: Record<string, FieldKey>; source: string }[] = [
    {
      config: [
        { id: '1', field: 'grbsm', header: '学籍号' },
        { id: '10', field: 'spzt', header: '审核状态' },
      ],
      names: { grbsm: 'xjh', spzt: 'reviewStatus' },
      source: 'L5 grid config {header, field}; fixture status-change-fieldnames.json',
    },
    {
      config: [
        { header: '姓名', dataIndex: 'XM' },
        { header: '学籍号', dataIndex: 'GRBSM' },
      ],
      names: { XM: 'name', GRBSM: 'xjh' },
      source: 'domain.md §2: L5 is a fork of Ext JS 2, whose columns are {header, dataIndex}',
    },
    {
      config: [
        { title: '学籍号', field: 'xsxjh' },
        { title: '出生日期', field: 'csny' },
      ],
      names: { xsxjh: 'xjh', csny: 'birthDate' },
      source: 'domain.md §2 (2.0, inferred): vxe-table columns {title, field}',
    },
    {
      config: [
        { label: '身份证件号', prop: 'zjhm' },
        { label: '<span class="req">*</span>性别', prop: 'xb' },
        { label: '操作', prop: 'op' },
      ],
      names: { zjhm: 'idNumber', xb: 'sex' },
      source: 'domain.md §2 (2.0, inferred): Element Plus columns {label, prop}; a header given as markup',
    },
  ];
  it.each(cases)('$source', ({ config, names }) => {
    const model = columnsFrom(config);
    expect(model).not.toBeNull();
    expect(Object.fromEntries(fieldMapOf(model!).names)).toEqual(names);
  });

  it('one titled object alone is not a column model', () => {
    expect(columnsFrom([{ title: '学籍号', field: 'x' }])).toBeNull();
    expect(columnsFrom([{ text: '下一页' }, { text: '末页' }])).toBeNull();
  });
});

describe('reading the same record again: a change of form is no change event', () => {
  const src = { host: 'h', pageKind: 'student-list', seenAt: 1 };
  const student = {
    id: 'G370304201511184064',
    xjh: 'G370304201511184064',
    name: '张三',
    sex: '男',
    birthDate: '2015-11-18',
    idType: '1',
    idNumber: '370304201511184064',
    grade: '四年级',
    className: '四年级2班',
    onRoll: true,
    flags: [],
    source: src,
    updatedAt: 1,
  };
  const kase: StatusChangeCase = {
    id: 'G370304201511184064|转学(转出)|2026-10-12',
    xjh: 'G370304201511184064',
    name: '张三',
    grade: '四年级',
    className: '四年级2班',
    changeType: '转学（转出）',
    reason: '',
    changeDate: '',
    appliedDate: '2026-10-12',
    reviewStatus: '待审核',
    currentUnit: '',
    toSchool: '',
    fromSchool: '',
    flags: [],
    source: src,
    updatedAt: 1,
  };
  const cases: {
    what: string;
    event: string | undefined;
    diff: () => { changed: boolean; event?: { kind: string } };
    source: string;
  }[] = [
    {
      what: '班级 typed with a space',
      event: undefined,
      diff: () => diffStudent(student, { ...student, className: '四年级 2班' }),
      source: LABELS,
    },
    {
      what: '班级 changed (分班)',
      event: 'student-changed',
      diff: () => diffStudent(student, { ...student, className: '四年级1班' }),
      source: 'domain.md §2 xxBjxxId grade/class',
    },
    {
      what: '审核状态 typed with full-width forms',
      event: undefined,
      diff: () => diffCase(kase, { ...kase, reviewStatus: '待审核 ' }),
      source: LABELS,
    },
    {
      what: '审核状态 待审核 → 审核通过',
      event: 'case-status',
      diff: () => diffCase(kase, { ...kase, reviewStatus: '审核通过' }),
      source: 'domain.md §2 review labels',
    },
  ];
  it.each(cases)('$what → $event ($source)', ({ diff, event }) => {
    const d = diff();
    expect(d.changed).toBe(true); // stored as now shown
    expect(d.event?.kind).toBe(event);
  });

  it.each([
    ['居民 身份证', '1'],
    ['居民身份证', '1'],
  ])('身份证件类型 “%s” is code %s (domain.md §3)', (shown, code) => {
    expect(sameValue('idType', shown, code)).toBe(true);
  });
});
