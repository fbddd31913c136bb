/**
 * Casebook: the 适龄儿童台账. Each case is worked out by hand from its source, not from the code, and says
 * which reading Baoxue takes where a source leaves room (and the setting that changes it).
 *
 * Sources: 义务教育法 第二条 (九年义务教育), 第十一条 ("凡年满六周岁的儿童…应当送其入学…条件不具备的地区的
 * 儿童，可以推迟到七周岁"); seed 000 §四.五 ("每学年新学期开学前要摸清所属区域内适龄儿童少年人数"); seeds 002
 * 篇一 §五.1 ("每个新学期开学初，班主任对尚未入学的学生，要及时了解情况，做好学生入学的动员工作"), 篇五 §6
 * ("建立和健全义务教育入学通知书制度…确保适龄儿童少年完成义务教育"); MOE 2024: counties keep 适龄儿童台账;
 * GB 11643-1999 (公民身份号码).
 */
import { describe, expect, it } from 'vitest';
import { citizenIdCheckChar } from '../identifiers';
import type { SchoolAgeChild, Student } from '../records';
import { childId, type ImportError, parseChildRows } from './importChildren';
import { enrolmentLedger } from './ledger';
import {
  ageOn,
  ageStanding,
  checkEnrolmentSettings,
  DEFAULT_ENROLMENT,
  type EnrolmentSettings,
  schoolYearOf,
} from './schoolAge';

/** A synthetic citizen ID (GB 11643 check character computed, never copied): area 370304, a birth date, a sequence. */
const cid = (birth: string, seq = '123') => {
  const first17 = `370304${birth.replace(/-/g, '')}${seq}`;
  return first17 + citizenIdCheckChar(first17);
};
const withWrongCheck = (id: string) => id.slice(0, 17) + (id[17] === '1' ? '2' : '1');

const S = (patch: Partial<EnrolmentSettings> = {}): EnrolmentSettings => ({ ...DEFAULT_ENROLMENT, ...patch });

describe('适龄: of school age by the enrolment cut-off (义务教育法 第十一条)', () => {
  const cases: {
    case: string;
    source: string;
    birth: string;
    year: number;
    settings?: Partial<EnrolmentSettings>;
    want: 'school-age' | 'too-young' | 'too-old';
  }[] = [
    {
      case: 'a child who turns 6 on 8月31日 itself is 满六周岁 by the cut-off: enters 一年级 that September',
      source: '第十一条 "年满六周岁"; default cut-off 8月31日 (setting: cut-off)',
      birth: '2020-08-31',
      year: 2026,
      want: 'school-age',
    },
    {
      case: 'a child born on 9月1日 is still 5 on 8月31日: next year',
      source: '第十一条 "年满六周岁"; cut-off 8月31日',
      birth: '2020-09-01',
      year: 2026,
      want: 'too-young',
    },
    {
      case: 'a 14-year-old on the cut-off day is in 九年级 on time: still of school age',
      source:
        '第二条 九年义务教育: 6 + 9 years; reading: on-time ages of the school’s grades (setting: grades)',
      birth: '2011-09-01',
      year: 2026,
      want: 'school-age',
    },
    {
      case: 'a child 15 on the cut-off day would have finished 九年级 on time: not counted as 适龄未入学',
      source: '第二条 九年义务教育; reading: the upper bound is the last grade’s on-time age',
      birth: '2011-08-31',
      year: 2026,
      want: 'too-old',
    },
    {
      case: 'where entry is deferred to 7, a child just 6 is not yet of school age',
      source: '第十一条 "条件不具备的地区的儿童，可以推迟到七周岁" (setting: entry age 7)',
      birth: '2020-08-31',
      year: 2026,
      settings: { entryAge: 7 },
      want: 'too-young',
    },
    {
      case: 'where entry is deferred to 7, a child 7 by the cut-off is of school age',
      source: '第十一条 "可以推迟到七周岁" (setting: entry age 7)',
      birth: '2019-08-31',
      year: 2026,
      settings: { entryAge: 7 },
      want: 'school-age',
    },
    {
      case: 'a 小学 (一至六年级) counts a 12-year-old as the 初中’s child, not its own',
      source: 'seed 000 §四.五 "所属区域内适龄儿童少年" of this school (setting: grades 1–6)',
      birth: '2014-08-31',
      year: 2026,
      settings: { firstGrade: 1, lastGrade: 6 },
      want: 'too-old',
    },
    {
      case: 'a county that counts ages to 12月31日 takes a child born in October into 一年级',
      source: '第十一条; provinces set the cut-off (setting: cut-off 12-31)',
      birth: '2020-10-10',
      year: 2026,
      settings: { cutoff: '12-31' },
      want: 'school-age',
    },
    {
      case: 'a child born on 29 February is not 6 until 1 March: with a 2月28日 cut-off, not yet',
      source: '周岁 counted from the birthday; 29 Feb → 1 Mar in other years (reading)',
      birth: '2020-02-29',
      year: 2026,
      settings: { cutoff: '02-28' },
      want: 'too-young',
    },
  ];
  for (const c of cases)
    it(`${c.case} [${c.source}]`, () => {
      expect(ageStanding(c.birth, c.year, S(c.settings))).toBe(c.want);
    });

  it('a cut-off a registrar mistypes (02-30) or grades in the wrong order are refused, not saved', () => {
    expect(checkEnrolmentSettings({ ...DEFAULT_ENROLMENT, cutoff: '02-30' })).toBeNull();
    expect(checkEnrolmentSettings({ ...DEFAULT_ENROLMENT, cutoff: '8-31' })).toBeNull();
    expect(checkEnrolmentSettings({ ...DEFAULT_ENROLMENT, firstGrade: 7, lastGrade: 6 })).toBeNull();
    expect(checkEnrolmentSettings({ ...DEFAULT_ENROLMENT, cutoff: '02-29' })?.cutoff).toBe('02-29');
  });

  it('the school year opens on 1 September (seed 000 §四.五 "每年九月份…登记好学生相关信息")', () => {
    expect(schoolYearOf('2026-08-31')).toBe(2025);
    expect(schoolYearOf('2026-09-01')).toBe(2026);
    expect(schoolYearOf('2027-03-01')).toBe(2026);
    expect(ageOn('2020-02-29', '2026-03-01')).toBe(6);
  });
});

const TODAY = '2026-11-29';
const opts = { year: 2026, today: TODAY, settings: DEFAULT_ENROLMENT };
const ok = cid('2019-05-04', '211');

function errors(rows: Record<string, string>[]): ImportError[] {
  const r = parseChildRows(rows, opts);
  if (r.ok) throw new Error('expected the file to be refused');
  return r.errors;
}

describe('importing a 适龄儿童 list: every row checked first, a bad row named, nothing imported', () => {
  it('reads the columns by their header text, full-width or with spaces, and the birth date from the ID (seed 000 §四.五: 摸清适龄儿童少年人数)', () => {
    const r = parseChildRows(
      [
        {
          ' 姓 名 ': '张 小雨',
          身份证号码: ok.toLowerCase(),
          '村（居）': '后峪村',
          监护人姓名: '张建国',
          手机号: '13900000000',
          备注: '',
        },
        { ' 姓 名 ': '', 身份证号码: '', '村（居）': '', 监护人姓名: '', 手机号: '', 备注: '' },
      ],
      opts,
    );
    expect(r).toEqual({
      ok: true,
      children: [
        {
          id: `id:${ok}`,
          name: '张小雨',
          idNumber: ok,
          birthDate: '2019-05-04',
          village: '后峪村',
          guardian: '张建国',
          phone: '13900000000',
          note: '',
        },
      ],
    });
  });

  it('a child without a 身份证号 (not yet registered) is kept by name and birth date, read as 2019年5月4日 or 2019/5/4', () => {
    const r = parseChildRows(
      [
        { 姓名: '李一', 身份证号: '', 出生日期: '2019年5月4日' },
        { 姓名: '李二', 身份证号: '', 出生日期: '2019/5/4' },
      ],
      opts,
    );
    expect(r.ok && r.children.map((c) => [c.id, c.birthDate])).toEqual([
      ['nb:李一|2019-05-04', '2019-05-04'],
      ['nb:李二|2019-05-04', '2019-05-04'],
    ]);
  });

  const refused: { case: string; source: string; row: Record<string, string>; want: ImportError }[] = [
    {
      case: 'a 身份证号 with a wrong check character (one digit copied wrong)',
      source: 'GB 11643-1999 校验码',
      row: { 姓名: '王五', 身份证号: withWrongCheck(ok), 出生日期: '' },
      want: { row: 3, problem: 'id-checksum', values: ['王五', withWrongCheck(ok)] },
    },
    {
      case: 'a 身份证号 with a letter inside',
      source: 'GB 11643-1999: 17 digits and a digit or X',
      row: { 姓名: '王五', 身份证号: `${ok.slice(0, 10)}A${ok.slice(11)}`, 出生日期: '' },
      want: { row: 3, problem: 'id-format', values: ['王五', `${ok.slice(0, 10)}A${ok.slice(11)}`] },
    },
    {
      case: 'a 出生日期 that is not the one in the 身份证号',
      source: 'GB 11643-1999: digits 7–14 are the birth date',
      row: { 姓名: '王五', 身份证号: cid('2019-05-04', '311'), 出生日期: '2019-05-05' },
      want: { row: 3, problem: 'birth-mismatch', values: ['王五', '2019-05-05', '2019-05-04'] },
    },
    {
      case: 'a birth date after today',
      source: 'a child not yet born is on no list (a typing error)',
      row: { 姓名: '王五', 身份证号: '', 出生日期: '2027-01-01' },
      want: { row: 3, problem: 'birth-future', values: ['王五', '2027-01-01'] },
    },
    {
      case: 'a child under 6 on 8月31日 is not of school age this year',
      source: '义务教育法 第十一条 "年满六周岁"; cut-off 8月31日',
      row: { 姓名: '王五', 身份证号: cid('2021-03-02'), 出生日期: '' },
      want: { row: 3, problem: 'too-young', values: ['王五', '2021-03-02', '2026-08-31', '6'] },
    },
    {
      case: 'a child 15 on 8月31日 is past 九年级 on time',
      source: '义务教育法 第二条 九年义务教育',
      row: { 姓名: '王五', 身份证号: '', 出生日期: '2010-01-01' },
      want: { row: 3, problem: 'too-old', values: ['王五', '2010-01-01', '2026-08-31', '15'] },
    },
    {
      case: 'neither 身份证号 nor 出生日期: the child cannot be checked against the roll',
      source: 'MOE 2024 适龄儿童台账: each child identified',
      row: { 姓名: '王五', 身份证号: '', 出生日期: '' },
      want: { row: 3, problem: 'id-or-birth-missing', values: ['王五'] },
    },
    {
      case: 'the same child twice',
      source: 'one child, one line of the 台账',
      row: { 姓名: '张小雨', 身份证号: ok, 出生日期: '' },
      want: { row: 3, problem: 'duplicate', values: ['张小雨', '2'] },
    },
  ];
  for (const c of refused)
    it(`refuses the file when row 3 has ${c.case} [${c.source}]`, () => {
      const rows = [{ 姓名: '张小雨', 身份证号: ok, 出生日期: '' }, c.row];
      expect(errors(rows)).toEqual([c.want]);
    });

  it('names the columns it cannot find', () => {
    expect(errors([{ 名字: '甲', 村: '后峪村' }])).toEqual([
      { row: 0, problem: 'no-name-column', values: [] },
      { row: 0, problem: 'no-id-or-birth-column', values: [] },
    ]);
    expect(errors([])).toEqual([{ row: 0, problem: 'no-rows', values: [] }]);
  });
});

const child = (patch: Partial<SchoolAgeChild> & { name: string; birthDate: string }): SchoolAgeChild => {
  const c = {
    idNumber: '',
    village: '后峪村',
    guardian: '',
    phone: '',
    note: '',
    whereabouts: '',
    importedAt: 1,
    updatedAt: 1,
    ...patch,
  };
  return { ...c, id: childId(c) };
};
const student = (patch: Partial<Student> & { name: string; birthDate: string }): Student => ({
  id: patch.xjh ?? `L${patch.name}`,
  xjh: `L${patch.name}`,
  sex: '',
  idType: '1',
  idNumber: '',
  grade: '一年级',
  className: '一年级1班',
  onRoll: true,
  flags: [],
  source: { host: 'x', pageKind: 'students', seenAt: 1 },
  updatedAt: 1,
  ...patch,
});

describe('the 适龄儿童台账: the list checked against the roll (篇一 §五.1, 篇五 §6, MOE 2024)', () => {
  const idA = cid('2019-05-04', '211');
  const idB = cid('2018-02-03', '312');
  const idC = cid('2017-07-07', '413');
  const roll = [
    student({ name: '甲', birthDate: '2019-05-04', idNumber: idA }),
    student({ name: '乙', birthDate: '2018-02-03', xjh: `G${idB}`, idNumber: '' }),
    student({ name: '丙', birthDate: '2016-06-06' }),
    student({ name: '丁', birthDate: '2017-07-07', idNumber: idC, onRoll: false }),
    student({ name: '戊', birthDate: '2015-01-01', idNumber: cid('2015-01-01', '515') }),
  ];
  const ledger = (kids: SchoolAgeChild[]) => enrolmentLedger(kids, roll, 2026, DEFAULT_ENROLMENT);
  const cases: {
    case: string;
    source: string;
    child: SchoolAgeChild;
    want: { status: string; className?: string; matchedBy?: string; leftRoll?: boolean };
  }[] = [
    {
      case: 'a child whose 身份证号 is a student’s on the roll is enrolled, in that class',
      source: 'MOE 2024 适龄儿童台账 against the 学籍; match by 身份证号 first',
      child: child({ name: '甲', birthDate: '2019-05-04', idNumber: idA }),
      want: { status: 'enrolled', className: '一年级1班', matchedBy: 'id' },
    },
    {
      case: 'a student with no 身份证件号 captured is matched through the G 学籍号 (G + 身份证号)',
      source: 'domain §3: a G 学籍号 is G + the citizen ID',
      child: child({ name: '乙', birthDate: '2018-02-03', idNumber: idB }),
      want: { status: 'enrolled', matchedBy: 'id' },
    },
    {
      case: 'a child with no 身份证号 is matched by name and birth date',
      source: 'reading: name + 出生日期 when the list has no number',
      child: child({ name: '丙', birthDate: '2016-06-06' }),
      want: { status: 'enrolled', matchedBy: 'name-birth' },
    },
    {
      case: 'a child on no roll and with no 去向 is 适龄未入学',
      source: '篇一 §五.1 "对尚未入学的学生，要及时了解情况，做好学生入学的动员工作"',
      child: child({ name: '己', birthDate: '2019-03-03', idNumber: cid('2019-03-03', '617') }),
      want: { status: 'not-enrolled' },
    },
    {
      case: 'a disabled child taught at home (送教上门) as the registrar recorded is not 未入学',
      source: 'MOE 2024: 残疾儿童送教上门 counts as schooling; the registrar’s 去向',
      child: child({ name: '庚', birthDate: '2018-08-08', whereabouts: 'home-teaching' }),
      want: { status: 'elsewhere' },
    },
    {
      case: 'a child once on the roll, no longer 在校, with no 去向, is 适龄未入学 and marked as having left',
      source: '篇一 §五.7 "否则，作为辍学生处理"; 控辍保学: no child left unaccounted for',
      child: child({ name: '丁', birthDate: '2017-07-07', idNumber: idC }),
      want: { status: 'not-enrolled', leftRoll: true },
    },
    {
      case: 'the same name and birth date but another 身份证号 is another child',
      source: 'GB 11643: the number identifies; name + birth date only when a number is missing',
      child: child({ name: '戊', birthDate: '2015-01-01', idNumber: cid('2015-01-01', '717') }),
      want: { status: 'not-enrolled' },
    },
    {
      case: 'a child enrolled here counts as enrolled even if a 去向 was once recorded',
      source: 'the roll is the record of who is at school (学籍)',
      child: child({ name: '甲', birthDate: '2019-05-04', idNumber: idA, whereabouts: 'away' }),
      want: { status: 'enrolled' },
    },
  ];
  for (const c of cases)
    it(`${c.case} [${c.source}]`, () => {
      const [row] = ledger([c.child]).rows;
      expect(row?.status).toBe(c.want.status);
      if (c.want.className) expect(row?.student?.className).toBe(c.want.className);
      if (c.want.matchedBy) expect(row?.matchedBy).toBe(c.want.matchedBy);
      expect(row?.leftRoll).toBe(c.want.leftRoll ?? false);
    });

  it('counts each status, lists 适龄未入学 first, and keeps children out of this year’s age range apart', () => {
    const l = ledger([
      child({ name: '甲', birthDate: '2019-05-04', idNumber: idA }),
      child({ name: '己', birthDate: '2019-03-03' }),
      child({ name: '庚', birthDate: '2018-08-08', whereabouts: 'migrant' }),
      child({ name: '辛', birthDate: '2021-01-01' }), // 5 on 2026-08-31: next year’s
    ]);
    expect(l.counts).toEqual({ 'not-enrolled': 1, enrolled: 1, elsewhere: 1, listed: 3, outOfRange: 1 });
    expect(l.rows.map((r) => r.child.name)).toEqual(['己', '庚', '甲']);
    expect(l.rows.map((r) => r.age)).toEqual([7, 8, 7]);
    expect(l.cutoff).toBe('2026-08-31');
  });
});
