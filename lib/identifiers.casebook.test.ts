/**
 * 证件与学籍号 casebook: what Baoxue flags on a student's 全国学籍号 and 身份证件号, case by case, written so a
 * registrar can check each line against the rule it cites. Every number here is synthetic, computed by
 * hand from GB 11643-1999's weights (7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, sum mod 11 → 1 0 X 9 8 7 6 5 4 3 2),
 * except the two examples printed in the standard itself. "Today" is fixed at 2026-11-29.
 *
 * A flagged record is never dropped or corrected: capture stores it as read, with these flags, and the
 * overlay, the roll and the record panel show each flag as text (flag_… in the locale files).
 */
import { describe, expect, it } from 'vitest';
import zh from '../public/_locales/zh_CN/messages.json';
import { checkXjh, type IdProblem, identifierProblems } from './identifiers';

const TODAY = '2026-11-29';

// Synthetic numbers (area 370304, births 2014–2019), each check character worked out by hand.
const BOY = '370304201503071238'; // 2015-03-07, sequence 123 (odd: 男)
const GIRL = '370304201609112448'; // 2016-09-11, sequence 244 (even: 女)
const BOY_X = '37030420171015321X'; // 2017-10-15, check character X
const BAD_CHECK = '370304201503071230'; // BOY with its last digit changed (should be 8)
const FEB_29_2018 = '370304201802291118'; // check character right, but 2018 had no 29 February
const FEB_30 = '370304201502301230'; // 30 February
const BORN_2027 = '370304202701051136'; // a birth date after today
const BORN_TOMORROW = '370304202611301146'; // 2026-11-30, one day after today
const BORN_TODAY = '370304202611291152'; // 2026-11-29: today itself is not the future
const AREA_99 = '990304201503071233'; // no province 99 in GB/T 2260
const AREA_00 = '000304201503071234'; // no province 00
const HK_RESIDENT = '810000201503071233'; // 81: 港澳台居民居住证, coded like an ID
const J_TAIL = '370304201406150049'; // 2014-06-15, valid check character

const STANDARD = 'GB 11643-1999《公民身份号码》';
const DOMAIN_XJH =
  'domain.md §3: "`G` + citizen ID number (formal); `L` + 18 (temporary, ID-shaped but no real ID); `J` + 18 (no citizen ID; ID-shaped with check digit)"';
const MOE = '《中小学生学籍管理办法》(教育部 2013): 学籍号以居民身份证号为基础生成，一人一号，终身不变';

interface Case {
  情形: string;
  学籍号: string;
  证件类型?: string;
  身份证件号?: string;
  性别?: string;
  出生日期?: string;
  /** The flags Baoxue must show, exactly (none = []). */
  标记: IdProblem[];
  source: string;
  /** Where the sources leave a choice: the reading Baoxue takes and the setting that changes it. */
  读法?: string;
  lCheckDigit?: boolean;
}

const cases: Case[] = [
  // — 全国学籍号 G: G + the citizen ID, so the 18 must pass GB 11643 —
  {
    情形: 'G 号与身份证件号一致、校验码正确：无标记',
    学籍号: `G${BOY}`,
    证件类型: '1',
    身份证件号: BOY,
    性别: '男',
    出生日期: '2015-03-07',
    标记: [],
    source: `${DOMAIN_XJH}; ${STANDARD} 校验码`,
  },
  {
    情形: '标准示例号码 11010519491231002X（校验码 X）作 G 号：无标记',
    学籍号: 'G11010519491231002X',
    证件类型: '1',
    身份证件号: '11010519491231002X',
    性别: '女',
    出生日期: '1949-12-31',
    标记: [],
    source: `${STANDARD} 示例 11010519491231002X`,
  },
  {
    情形: '标准示例号码 440524188001010014 作 G 号：无标记',
    学籍号: 'G440524188001010014',
    标记: [],
    source: `${STANDARD} 示例 440524188001010014`,
  },
  {
    情形: 'G 号校验码错误（末位应为 8 写成 0）',
    学籍号: `G${BAD_CHECK}`,
    标记: ['xjh-checksum'],
    source: `${STANDARD} 校验码: 按 ISO 7064 MOD 11-2 由前十七位算出; ${DOMAIN_XJH}`,
  },
  {
    情形: 'G 号中间夹有字母（第 9 位写成 O）',
    学籍号: 'G37030420O503071238',
    标记: ['xjh-format'],
    source: `${STANDARD} 号码结构: 十七位数字本体码加一位校验码（数字或 X）`,
  },
  {
    情形: 'G 号末位写成小写 x：照大写 X 读，不算错',
    学籍号: `g${BOY_X.slice(0, 17)}x`,
    标记: [],
    source: `${STANDARD} 校验码 X 表示 10`,
    读法: '学籍号与证件号按大写比较；存储时保持原样，不改写',
  },
  {
    情形: 'G 号 X 出现在末位以外',
    学籍号: 'G3703042017101532X1',
    标记: ['xjh-format'],
    source: `${STANDARD} 号码结构: X 只作校验码`,
  },
  {
    情形: 'G 号少一位（G + 17）',
    学籍号: `G${BOY.slice(0, 17)}`,
    标记: ['xjh-format'],
    source: DOMAIN_XJH,
  },
  {
    情形: 'G 号出生日期不存在（2018 年 2 月 29 日），校验码却对',
    学籍号: `G${FEB_29_2018}`,
    标记: ['xjh-birthdate'],
    source: `${STANDARD} 出生日期码: 出生的年、月、日`,
  },
  {
    情形: 'G 号出生日期在今天之后（2027 年）',
    学籍号: `G${BORN_2027}`,
    标记: ['xjh-birth-future'],
    source: `${STANDARD} 出生日期码; issue 13: "A birth date in the future passes" 须标出`,
  },
  {
    情形: 'G 号出生日期是明天',
    学籍号: `G${BORN_TOMORROW}`,
    标记: ['xjh-birth-future'],
    source: `${STANDARD} 出生日期码`,
  },
  {
    情形: 'G 号出生日期就是今天：不算将来',
    学籍号: `G${BORN_TODAY}`,
    标记: [],
    source: `${STANDARD} 出生日期码`,
    读法: '以北京时间的今天为界，今天出生不标',
  },
  {
    情形: 'G 号地址码省份 99 不存在',
    学籍号: `G${AREA_99}`,
    标记: ['xjh-area'],
    source: `${STANDARD} 地址码: 按 GB/T 2260 的行政区划代码`,
    读法: '只查前两位省级代码；县级代码会撤并，旧号码依旧有效，故不查',
  },
  {
    情形: 'G 号地址码 00',
    学籍号: `G${AREA_00}`,
    标记: ['xjh-area'],
    source: `${STANDARD} 地址码`,
  },
  {
    情形: 'G 号与身份证件号不是同一个号码',
    学籍号: `G${BOY}`,
    证件类型: '1',
    身份证件号: GIRL,
    性别: '女',
    出生日期: '2016-09-11',
    标记: ['xjh-id-mismatch'],
    source: `${DOMAIN_XJH}; ${MOE}`,
  },
  {
    情形: 'G 号与证件号只差末位 x 的大小写：同一号码',
    学籍号: `G${BOY_X}`,
    证件类型: '1',
    身份证件号: `${BOY_X.slice(0, 17)}x`,
    标记: [],
    source: `${STANDARD} 校验码 X`,
  },
  {
    情形: 'G 号与证件号都错同一位校验码：两处都标',
    学籍号: `G${BAD_CHECK}`,
    证件类型: '1',
    身份证件号: BAD_CHECK,
    标记: ['xjh-checksum', 'id-checksum'],
    source: `${STANDARD} 校验码`,
  },
  // — J: no citizen ID, ID-shaped with check digit —
  {
    情形: 'J 号形如身份证、校验码正确：无标记',
    学籍号: `J${J_TAIL}`,
    证件类型: 'Z',
    标记: [],
    source: DOMAIN_XJH,
  },
  {
    情形: 'J 号校验码错误',
    学籍号: `J${J_TAIL.slice(0, 17)}1`,
    证件类型: 'Z',
    标记: ['xjh-checksum'],
    source: `${DOMAIN_XJH}（J: "ID-shaped with check digit"）`,
  },
  {
    情形: 'J 号中间夹有字母',
    学籍号: 'J3703042014A6150049',
    证件类型: 'Z',
    标记: ['xjh-format'],
    source: DOMAIN_XJH,
  },
  {
    情形: 'J 号出生日期不存在（2 月 30 日）',
    学籍号: `J${FEB_30}`,
    标记: ['xjh-birthdate'],
    source: `${DOMAIN_XJH}; ${STANDARD} 出生日期码`,
  },
  {
    情形: 'J 号出生日期在将来',
    学籍号: `J${BORN_2027}`,
    标记: ['xjh-birth-future'],
    source: `${DOMAIN_XJH}; ${STANDARD} 出生日期码`,
  },
  // — L: temporary, ID-shaped, no real ID —
  {
    情形: 'L 号形如身份证：无标记',
    学籍号: `L${GIRL}`,
    证件类型: 'Z',
    标记: [],
    source: DOMAIN_XJH,
  },
  {
    情形: 'L 号末位不合校验规则：默认不标（L 不是真实证件号）',
    学籍号: `L${BAD_CHECK}`,
    证件类型: 'Z',
    标记: [],
    source: `${DOMAIN_XJH}（校验码只对 J 写明）`,
    读法: 'L 号按身份证编码规则查数字、地址码和出生日期，不查校验码；设置 lCheckDigit: true 时也查校验码',
  },
  {
    情形: 'L 号末位不合校验规则，且学校选择查 L 校验码',
    学籍号: `L${BAD_CHECK}`,
    证件类型: 'Z',
    标记: ['xjh-checksum'],
    source: DOMAIN_XJH,
    读法: 'lCheckDigit: true',
    lCheckDigit: true,
  },
  {
    情形: 'L 号中间夹有字母',
    学籍号: 'L370304201503O71238',
    标记: ['xjh-format'],
    source: `${DOMAIN_XJH}（"ID-shaped"）`,
  },
  {
    情形: 'L 号出生日期在将来',
    学籍号: `L${BORN_TOMORROW}`,
    标记: ['xjh-birth-future'],
    source: `${DOMAIN_XJH}; ${STANDARD} 出生日期码`,
  },
  {
    情形: '学籍号以 X 开头（不是 G/L/J）',
    学籍号: `X${BOY}`,
    标记: ['xjh-format'],
    source: DOMAIN_XJH,
  },
  // — 身份证件号 (证件类型 1 居民身份证) —
  {
    情形: '证件类型 居民身份证（代码 1）却没有号码',
    学籍号: `G${BOY}`,
    证件类型: '1',
    身份证件号: '',
    标记: ['id-missing'],
    source: 'domain.md §3: 身份证件类型 1 居民身份证 … Z 其他 (number may be blank) — 只有 Z 可空',
  },
  {
    情形: '证件类型写作"居民身份证"（文字）却没有号码',
    学籍号: `L${GIRL}`,
    证件类型: '居民身份证',
    标记: ['id-missing'],
    source: 'domain.md §3: 身份证件类型 1 居民身份证',
  },
  {
    情形: '证件类型为空、号码也为空：名单没有这一列，不标',
    学籍号: `G${BOY}`,
    标记: [],
    source: 'domain.md §2: 各页面列不同；没有的列不等于空值',
    读法: '只有明确写着居民身份证而号码为空才标 id-missing',
  },
  {
    情形: '证件类型 Z 其他、号码为空：不标',
    学籍号: `J${J_TAIL}`,
    证件类型: 'Z',
    身份证件号: '',
    标记: [],
    source: 'domain.md §3: Z 其他 (number may be blank)',
  },
  {
    情形: '证件类型 A 护照：号码不按身份证规则查',
    学籍号: `J${J_TAIL}`,
    证件类型: 'A',
    身份证件号: 'E12345678',
    标记: [],
    source: 'domain.md §3: 6 香港 · 7 澳门 · 8 台湾 · 9 境外永久居住证 · A 护照',
  },
  {
    情形: '身份证件号校验码错误（学籍号为 J）',
    学籍号: `J${J_TAIL}`,
    证件类型: '1',
    身份证件号: BAD_CHECK,
    标记: ['id-checksum'],
    source: `${STANDARD} 校验码`,
  },
  {
    情形: '身份证件号中有字母',
    学籍号: `L${GIRL}`,
    证件类型: '1',
    身份证件号: '37030420160911244A',
    标记: ['id-format'],
    source: `${STANDARD} 号码结构`,
  },
  {
    情形: '身份证件号出生日期在将来',
    学籍号: `L${GIRL}`,
    证件类型: '1',
    身份证件号: BORN_2027,
    标记: ['id-birth-future'],
    source: `${STANDARD} 出生日期码`,
  },
  {
    情形: '身份证件号地址码省份不存在',
    学籍号: `L${GIRL}`,
    证件类型: '1',
    身份证件号: AREA_99,
    标记: ['id-area'],
    source: `${STANDARD} 地址码（GB/T 2260）`,
  },
  {
    情形: '港澳台居民居住证号码（81 开头）：地址码认可',
    学籍号: `L${GIRL}`,
    证件类型: '1',
    身份证件号: HK_RESIDENT,
    标记: [],
    source:
      '《港澳台居民居住证申领发放办法》: 居住证号码按公民身份号码编码规则编制，地址码 810000/820000/830000',
  },
  {
    情形: '性别与身份证件号顺序码奇偶不符',
    学籍号: `G${GIRL}`,
    证件类型: '1',
    身份证件号: GIRL,
    性别: '男',
    标记: ['id-sex-mismatch'],
    source: `${STANDARD} 顺序码: 奇数分配给男性，偶数分配给女性`,
  },
  {
    情形: '出生日期列与身份证件号中的日期不符',
    学籍号: `G${GIRL}`,
    证件类型: '1',
    身份证件号: GIRL,
    出生日期: '2016-09-12',
    标记: ['id-birth-mismatch'],
    source: `${STANDARD} 出生日期码`,
  },
  {
    情形: '出生日期列在今天之后（J 号学生，无身份证）',
    学籍号: `J${J_TAIL}`,
    证件类型: 'Z',
    出生日期: '2027-03-01',
    标记: ['id-record-birth-future'],
    source: 'issue 13: "A birth date in the future passes" 须标出',
  },
  {
    情形: '几处都错：学籍号校验码、证件号将来日期、性别不符，逐项都标',
    学籍号: `G${BAD_CHECK}`,
    证件类型: '1',
    身份证件号: BORN_TOMORROW,
    性别: '男',
    标记: ['xjh-checksum', 'id-birth-future', 'id-sex-mismatch', 'xjh-id-mismatch'],
    source: `${STANDARD}; ${DOMAIN_XJH}`,
  },
];

describe('证件与学籍号 casebook', () => {
  it('has at least 35 cases, each citing its source', () => {
    expect(cases.length).toBeGreaterThanOrEqual(35);
    for (const c of cases) expect(c.source.length).toBeGreaterThan(10);
  });

  it.each(cases.map((c) => [c.情形, c] as const))('%s', (_, c) => {
    const got = identifierProblems(
      {
        xjh: c.学籍号,
        idType: c.证件类型,
        idNumber: c.身份证件号,
        sex: c.性别,
        birthDate: c.出生日期,
      },
      { today: TODAY, lCheckDigit: c.lCheckDigit },
    );
    expect([...got].sort()).toEqual([...c.标记].sort());
  });

  it('shows every flag as words a registrar reads (i18n flag_… in zh_CN)', () => {
    const messages = zh as Record<string, { message: string }>;
    for (const code of new Set(cases.flatMap((c) => c.标记))) {
      const key = `flag_${code.replace(/-/g, '_')}`;
      expect(messages[key]?.message, key).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('checks the 学籍号 alone the same way (what the overlay badge reads)', () => {
    expect(checkXjh(`G${BAD_CHECK}`, { today: TODAY })).toEqual(['xjh-checksum']);
    expect(checkXjh(`G${BOY}`, { today: TODAY })).toEqual([]);
  });
});
