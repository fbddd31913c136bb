/**
 * Makes a synthetic school for the demo 学籍系统: a few hundred students with valid-checksum synthetic ID
 * numbers, G/L/J 学籍号, special-group flags, 学籍异动 cases in every state, a 休学 past its end date and a
 * few deliberately invalid ID numbers. Deterministic for a seed. No real person's data: names are random
 * syllables, ID sequence numbers are random, and the area code is the demo county's.
 */
import { format, subDays } from 'date-fns';
import { citizenIdCheckChar } from '../lib/identifiers';

export interface DemoStudent {
  grbsm: string; // 全国学籍号
  xjfh: string; // 学籍辅号
  xm: string; // 姓名
  xbm: '1' | '2'; // 性别码
  csrq: string; // YYYYMMDD
  sfzjlxm: string; // 身份证件类型
  sfzjh: string; // 身份证件号
  njmc: string; // 年级
  bjmc: string; // 班级
  xxNjxxId: string;
  xxBjxxId: string;
  bnxh: string; // 班内学号
  rxny: string; // YYYYMM
  jdfsm: '1' | '2'; // 1 走读, 2 住校
  sflsetm: '0' | '1' | '2'; // 留守
  sfsqznm: '0' | '1'; // 随迁子女
  sfge: '0' | '1'; // 孤儿
  jkzkm: string; // 10 健康 … 50 残疾
  sfdb: '0' | '1'; // 低保
  sfjdlk: '0' | '1'; // 建档立卡
  sfzx: '1' | '0'; // 是否在校
  lxdh: string;
  xzz: string;
}

export interface DemoCase {
  ydid: string; // business id
  grbsm: string;
  xm: string;
  xbm: '1' | '2';
  njmc: string;
  bjmc: string;
  ydlb: string; // 异动类别
  ydyy: string; // 异动原因
  ydrq: string; // 异动日期 YYYY-MM-DD
  sqrq: string; // 申请日期 YYYY-MM-DD
  shzt: string; // 审核状态 / 办理状态
  dqbldw: string; // 当前办理单位
  zrxx: string; // 转入学校
  zcxx: string; // 转出学校
  kss: boolean; // 跨省
  xxjsrq?: string; // 休学结束日期
}

export interface DemoSchool {
  name: string;
  code: string;
  students: DemoStudent[];
  cases: DemoCase[];
  /** The cases the demo's story (and the tests) turn on. */
  scenarios: Record<
    'pendingTransfer' | 'overdueTransfer' | 'graduatingTransfer' | 'unknownType' | 'expiredSuspension',
    DemoCase
  >;
}

function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢';
const GIVEN = '子梓浩宇欣怡雨涵一诺思彤俊熙铭轩佳琪晨阳嘉豪若汐可馨沐辰语桐书瑶锦程天佑明哲雅静安然乐瑶博文';
const GRADES = ['一年级', '二年级', '三年级', '四年级', '五年级', '六年级', '七年级', '八年级', '九年级'];
const AREA = '370304'; // the demo county
const SCHOOLS_NEAR = ['示范区实验小学', '东城中学', '西山镇中心学校', '南湖小学'];
const SCHOOLS_FAR = ['江南省滨海市第二中学', '北原省河口县实验学校'];

/**
 * `today` anchors every case date, so the demo tells the same story whenever it runs: a 转出 applied four
 * days ago is still within its deadline, one applied 33 days ago is overdue, a 休学 from 14 months ago has
 * run out.
 */
export function generateSchool(seed = 20261122, perClass = 20, today = new Date()): DemoSchool {
  const ago = (days: number) => format(subDays(today, days), 'yyyy-MM-dd');
  const ahead = (days: number) => ago(-days);
  const rnd = mulberry32(seed);
  const pick = <T>(xs: ArrayLike<T>): T => xs[Math.floor(rnd() * xs.length)]!;
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  const usedIds = new Set<string>();
  const usedXjh = new Set<string>();
  const students: DemoStudent[] = [];

  GRADES.forEach((grade, g) => {
    const birthYear = 2019 - g; // 一年级 born 2019 in school year 2026
    for (let c = 1; c <= 2; c++) {
      for (let k = 1; k <= perClass; k++) {
        const xbm: '1' | '2' = rnd() < 0.52 ? '1' : '2';
        const month = 1 + Math.floor(rnd() * 12);
        const day = 1 + Math.floor(rnd() * 28);
        const csrq = `${birthYear - (month >= 9 ? 1 : 0)}${pad(month, 2)}${pad(day, 2)}`;
        let id17 = '';
        do {
          let seq = Math.floor(rnd() * 500) * 2 + (xbm === '1' ? 1 : 0);
          if (seq === 0) seq = 2;
          id17 = `${AREA}${csrq}${pad(seq, 3)}`;
        } while (usedIds.has(id17));
        usedIds.add(id17);
        const sfzjh = id17 + citizenIdCheckChar(id17);
        const roll = rnd();
        // Most students hold a 居民身份证 (G); a few have a temporary (L) or no-ID (J) 学籍号.
        const kind = roll < 0.93 ? 'G' : roll < 0.97 ? 'L' : 'J';
        // L/J numbers are ID-shaped but not IDs: draw until unused, as the system hands out unique ones.
        let grbsm = `G${sfzjh}`;
        while (kind !== 'G' && (grbsm.startsWith('G') || usedXjh.has(grbsm))) {
          const tail = `${AREA}${csrq}${pad(Math.floor(rnd() * 999), 3)}`;
          grbsm = `${kind}${tail}${citizenIdCheckChar(tail)}`;
        }
        usedXjh.add(grbsm);
        students.push({
          grbsm,
          xjfh: `37${pad(Math.floor(rnd() * 1e10), 10)}`,
          xm: pick(SURNAMES) + pick(GIVEN) + (rnd() < 0.6 ? pick(GIVEN) : ''),
          xbm,
          csrq,
          // 居民身份证 with no number is flagged (id-missing): an L or J student's type is Z 其他.
          sfzjlxm: kind === 'G' ? '1' : 'Z',
          sfzjh: kind === 'G' ? sfzjh : '', // L and J students hold no usable citizen ID
          njmc: grade,
          bjmc: `${grade}${c}班`,
          xxNjxxId: `NJ${g + 1}`,
          xxBjxxId: `BJ${g + 1}0${c}`,
          bnxh: pad(k, 2),
          rxny: `${2026 - g}09`,
          jdfsm: g >= 6 && rnd() < 0.4 ? '2' : '1',
          sflsetm: rnd() < 0.12 ? (rnd() < 0.5 ? '1' : '2') : '0',
          sfsqznm: rnd() < 0.08 ? '1' : '0',
          sfge: rnd() < 0.01 ? '1' : '0',
          jkzkm: rnd() < 0.02 ? '50' : '10',
          sfdb: rnd() < 0.06 ? '1' : '0',
          sfjdlk: rnd() < 0.04 ? '1' : '0',
          sfzx: '1',
          lxdh: `1${pick('3578')}${pad(Math.floor(rnd() * 1e9), 9)}`,
          xzz: `示范县${pick(['东关', '西岭', '南河', '北坡'])}村${1 + Math.floor(rnd() * 60)}号`,
        });
      }
    }
  });

  // A few deliberately bad ID numbers, as the real system holds them: a wrong check digit, a sex digit
  // that disagrees with 性别, a birth date that is not a date.
  const broken = [students[5]!, students[77]!, students[140]!];
  const flip = (ch: string) => (ch === '0' ? '1' : '0');
  broken[0]!.sfzjh = broken[0]!.sfzjh.slice(0, 17) + flip(broken[0]!.sfzjh[17]!);
  broken[0]!.grbsm = `G${broken[0]!.sfzjh}`;
  broken[1]!.xbm = broken[1]!.xbm === '1' ? '2' : '1';
  const badDate = `${broken[2]!.sfzjh.slice(0, 10)}0231${broken[2]!.sfzjh.slice(14, 17)}`;
  broken[2]!.sfzjh = badDate + citizenIdCheckChar(badDate);
  broken[2]!.grbsm = `G${broken[2]!.sfzjh}`;

  const cases: DemoCase[] = [];
  let n = 0;
  const addCase = (s: DemoStudent, c: Partial<DemoCase> & Pick<DemoCase, 'ydlb' | 'shzt' | 'sqrq'>) => {
    n++;
    cases.push({
      ydid: `YD2026${pad(n, 5)}`,
      grbsm: s.grbsm,
      xm: s.xm,
      xbm: s.xbm,
      njmc: s.njmc,
      bjmc: s.bjmc,
      ydyy: '随父母工作调动',
      ydrq: c.sqrq,
      dqbldw: '本校',
      zrxx: '',
      zcxx: '',
      kss: false,
      ...c,
    });
  };
  const at = (i: number) => students[i]!;
  const school = '示范县实验九年一贯制学校';
  // 转出 in every review state
  addCase(at(12), {
    ydlb: '转出',
    shzt: '待审核',
    sqrq: ago(6),
    zrxx: pick(SCHOOLS_NEAR),
    zcxx: school,
  });
  addCase(at(33), {
    ydlb: '转出',
    shzt: '待审核',
    sqrq: ago(33),
    zrxx: pick(SCHOOLS_NEAR),
    zcxx: school,
  });
  addCase(at(51), {
    ydlb: '转出',
    shzt: '审核通过',
    sqrq: ago(75),
    zrxx: pick(SCHOOLS_NEAR),
    zcxx: school,
  });
  addCase(at(64), {
    ydlb: '转出',
    shzt: '审核不通过',
    sqrq: ago(44),
    zrxx: pick(SCHOOLS_NEAR),
    zcxx: school,
  });
  // 转入
  addCase(at(90), {
    ydlb: '转入',
    shzt: '待审核',
    sqrq: ago(4),
    zcxx: pick(SCHOOLS_NEAR),
    zrxx: school,
  });
  addCase(at(101), {
    ydlb: '转入',
    shzt: '审核通过',
    sqrq: ago(82),
    zcxx: pick(SCHOOLS_NEAR),
    zrxx: school,
  });
  // 跨省 in the cross-province states
  for (const [i, shzt] of [
    [150, '转入学校核办中'],
    [161, '转出学校核办中'],
    [172, '转出教育局核办中'],
    [183, '等待调档'],
    [194, '调档完毕'],
    [205, '核办不通过'],
    [216, '已撤销'],
    [227, '转出校验错误(2002)'],
  ] as const) {
    addCase(at(i), {
      ydlb: '跨省转出',
      shzt,
      sqrq: ago(41),
      zrxx: pick(SCHOOLS_FAR),
      zcxx: school,
      kss: true,
      dqbldw: shzt.includes('转入') ? '转入地' : '本校',
    });
  }
  addCase(at(238), {
    ydlb: '跨省转入',
    shzt: '转入学校核办中',
    sqrq: ago(12),
    zcxx: pick(SCHOOLS_FAR),
    zrxx: school,
    kss: true,
  });
  // 休学: one current, one past its end date with no 复学; then a 复学
  addCase(at(250), {
    ydlb: '休学',
    shzt: '审核通过',
    sqrq: ago(265),
    ydyy: '因病(医院证明)',
    xxjsrq: ahead(99),
  });
  addCase(at(261), {
    ydlb: '休学',
    shzt: '审核通过',
    sqrq: ago(433),
    ydyy: '因病(医院证明)',
    xxjsrq: ago(69),
  });
  addCase(at(272), { ydlb: '复学', shzt: '待审核', sqrq: ago(20), ydyy: '病愈复学' });
  addCase(at(283), { ydlb: '关键数据变更', shzt: '待审核', sqrq: ago(17), ydyy: '姓名变更(户籍证明)' });
  // A transfer asked for a graduating-grade student (九年级), 出境学习, and a label no rule knows
  addCase(at(340), {
    ydlb: '转出',
    shzt: '待审核',
    sqrq: ago(10),
    zrxx: pick(SCHOOLS_NEAR),
    zcxx: school,
  });
  addCase(at(300), { ydlb: '出境学习', shzt: '待审核', sqrq: ago(19), ydyy: '随父母出境' });
  addCase(at(310), { ydlb: '其他异动', shzt: '待审核', sqrq: ago(18), ydyy: '其他' });

  for (const c of cases)
    if (c.ydlb === '休学' && c.shzt === '审核通过')
      at(students.findIndex((s) => s.grbsm === c.grbsm)).sfzx = '0';
  const caseOf = (i: number, type: string) => cases.find((c) => c.grbsm === at(i).grbsm && c.ydlb === type)!;
  const scenarios = {
    pendingTransfer: caseOf(12, '转出'),
    overdueTransfer: caseOf(33, '转出'),
    graduatingTransfer: caseOf(340, '转出'),
    unknownType: caseOf(310, '其他异动'),
    expiredSuspension: caseOf(261, '休学'),
  };
  return { name: school, code: '3703040001', students, cases, scenarios };
}
