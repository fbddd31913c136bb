/**
 * The demo 学籍系统: a local web server reproducing the 1.0 system's pages (login, mainR.jsp shell with
 * iframe tabs, L5 grids fed by POST /command/ajax/…Cmd, a 学籍卡, one gb2312 page) over a synthetic school.
 * Binds 127.0.0.1 only. Also exposes /demo/admin/* so tests can change the school (a transfer-out).
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import { dayString } from '../lib/time/day';
import { type DemoCase, type DemoSchool, type DemoStudent, generateSchool } from './generator';
import { detailCardPage, type GridColumn, type GridPageSpec, gridPage, loginPage, shellPage } from './pages';
import { handleV2 } from './v2-api';

const PUBLIC_DIR = fileURLToPath(new URL('./public/', import.meta.url));
const SEX = { '1': '男', '2': '女' };
const CMD = '/command/ajax/com.inspur.mems';

/**
 * Page variants for tests: `renamed` uses header synonyms and reverses the columns; `nokey` drops 学籍号;
 * `headerless` draws icon-only headers (the DOM cannot be read, the JSON still can); `mismatch` shows one
 * row's 姓名 differently from the grid's own data; `notype` (异动 lists) has no 异动类别 column and no such
 * field in its JSON (the 跨省转学 list: every row is a 转学); `fieldnames` (异动 lists) sends JSON whose
 * field names are not Loushang's usual ones (审核状态 is `spzt`), dates as YYYYMMDD and 性别 as a code,
 * and says in its column model which field each header shows (当前办理单位 is a hidden column there).
 * Student lists only: `unknown-column` heads its 学籍号 column 学生标识码 (no built-in synonym) and adds a
 * 家长签字 column, for 识别此页; `new-label` heads it 籍号编码, for a reader definition from the server.
 */
type Variant =
  | 'standard'
  | 'renamed'
  | 'nokey'
  | 'headerless'
  | 'mismatch'
  | 'notype'
  | 'fieldnames'
  | 'unknown-column'
  | 'new-label';
const VARIANTS: readonly Variant[] = [
  'standard',
  'renamed',
  'nokey',
  'headerless',
  'mismatch',
  'notype',
  'fieldnames',
  'unknown-column',
  'new-label',
];

/** `fieldnames`: the usual Loushang names → this variant's names (grbsm, xm, ydlb, sqrq are kept). */
const OTHER_NAMES: Record<string, string> = {
  xbm: 'xb',
  njmc: 'nj',
  bjmc: 'bj',
  ydyy: 'ydyymc',
  ydrq: 'ydsj',
  shzt: 'spzt',
  dqbldw: 'dqbldwmc',
  zrxx: 'zrxxmc',
  zcxx: 'zcxxmc',
};
const compactDate = (d: unknown) => (typeof d === 'string' ? d.replace(/-/g, '') : d);

/** A 异动 list's JSON rows as the variant's grid receives them. */
function caseRowsFor(rows: object[], v: Variant): object[] {
  if (v === 'notype') return rows.map(({ ydlb: _, ...rest }: { ydlb?: string }) => rest);
  if (v !== 'fieldnames') return rows;
  return rows.map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([k, val]) => [
        OTHER_NAMES[k] ?? k,
        k === 'sqrq' || k === 'ydrq' ? compactDate(val) : val,
      ]),
    ),
  );
}

function studentColumns(v: Variant): GridColumn[] {
  const cols: GridColumn[] = [
    { id: 'grbsm', field: 'grbsm', header: v === 'renamed' ? '学籍号' : '全国学籍号', width: 160 },
    { id: 'xm', field: 'xm', header: '姓名', width: 70 },
    { id: 'xbm', field: 'xbm', header: '性别', width: 40, dict: SEX },
    { id: 'csrq', field: 'csrqText', header: '出生日期', width: 80 },
    { id: 'sfzjh', field: 'sfzjh', header: v === 'renamed' ? '证件号码' : '身份证件号', width: 150 },
    { id: 'njmc', field: 'njmc', header: '年级', width: 60 },
    { id: 'bjmc', field: 'bjmc', header: '班级', width: 90 },
    { id: 'xjfh', field: 'xjfh', header: v === 'renamed' ? '省学籍辅号' : '学籍辅号', width: 110 },
    { id: 'sfzx', field: 'sfzx', header: '是否在校', width: 60, dict: { '1': '是', '0': '否' } },
    {
      id: 'op',
      field: 'grbsm',
      header: '操作',
      width: 70,
      link: { href: '/jsp/xjgl/xjkView.jsp?grbsm=', text: '查看学籍卡' },
    },
  ];
  if (v === 'nokey') return cols.filter((c) => c.id !== 'grbsm');
  if (v === 'unknown-column')
    return [
      { ...cols[0]!, header: '学生标识码' },
      ...cols.slice(1, -1),
      { id: 'jzqz', field: 'jzqz', header: '家长签字', width: 60 },
      cols.at(-1)!,
    ];
  if (v === 'new-label') return [{ ...cols[0]!, header: '籍号编码' }, ...cols.slice(1)];
  return v === 'renamed' ? cols.reverse() : cols;
}

// 异动 grids use numeric column ids, as generated grids do: readers must go by header text.
function caseColumns(v: Variant, crossProvince = false): GridColumn[] {
  const cols: GridColumn[] = [
    { id: '1', field: 'grbsm', header: v === 'renamed' ? '个人标识码' : '学籍号', width: 160 },
    { id: '2', field: 'xm', header: '姓名', width: 70 },
    { id: '3', field: 'xbm', header: '性别', width: 40, dict: SEX },
    { id: '4', field: 'njmc', header: '年级', width: 60 },
    { id: '5', field: 'bjmc', header: '班级', width: 90 },
    { id: '6', field: 'ydlb', header: v === 'renamed' ? '变动类型' : '异动类别', width: 80 },
    { id: '7', field: 'ydyy', header: '异动原因', width: 120 },
    { id: '8', field: 'ydrq', header: '异动日期', width: 80 },
    { id: '9', field: 'sqrq', header: v === 'renamed' ? '申请时间' : '申请日期', width: 80 },
    { id: '10', field: 'shzt', header: crossProvince ? '办理状态' : '审核状态', width: 110 },
    { id: '11', field: 'dqbldw', header: '当前办理单位', width: 90 },
    { id: '12', field: 'zrxx', header: '转入学校', width: 150 },
    { id: '13', field: 'zcxx', header: '转出学校', width: 150 },
  ];
  if (v === 'nokey') return cols.filter((c) => c.id !== '1');
  if (v === 'notype') return cols.filter((c) => c.field !== 'ydlb');
  if (v === 'fieldnames')
    return cols.map((c) => ({
      ...c,
      field: OTHER_NAMES[c.field] ?? c.field,
      ...(c.field === 'sqrq' || c.field === 'ydrq' ? { format: 'date' as const } : {}),
      // 当前办理单位 is in the column model but not drawn: only the model says which JSON field it is.
      ...(c.field === 'dqbldw' ? { hidden: true } : {}),
    }));
  return v === 'renamed' ? cols.reverse() : cols;
}

/** Business still in progress somewhere: 待审核 or a 核办 step not yet done. */
const PENDING = /待审核|核办中|等待调档/;

function pendingColumns(v: Variant): GridColumn[] {
  const cols: GridColumn[] = [
    { id: 'c1', field: 'ydlb', header: '业务类型', width: 90 },
    { id: 'c2', field: 'grbsm', header: '学籍号', width: 160 },
    { id: 'c3', field: 'xm', header: '姓名', width: 70 },
    { id: 'c4', field: 'njmc', header: '年级', width: 60 },
    { id: 'c5', field: 'bjmc', header: '班级', width: 90 },
    { id: 'c6', field: 'sqrq', header: '申请日期', width: 80 },
    { id: 'c7', field: 'shzt', header: '办理状态', width: 110 },
    { id: 'c8', field: 'dqbldw', header: '当前办理单位', width: 90 },
  ];
  return v === 'nokey' ? cols.filter((c) => c.id !== 'c2') : cols;
}

interface PageDef {
  title: string;
  cmd: string;
  columns: (v: Variant) => GridColumn[];
  rows: (school: DemoSchool) => object[];
  /** How a variant's JSON differs from the usual rows (异动 lists only). */
  rowsFor?: (rows: object[], v: Variant) => object[];
  charset?: 'gb2312';
}

function variantOf(url: URL): Variant {
  const v = url.searchParams.get('variant') ?? 'standard';
  return (VARIANTS as readonly string[]).includes(v) ? (v as Variant) : 'standard';
}

const studentRow = (s: DemoStudent) => ({
  ...s,
  csrqText: `${s.csrq.slice(0, 4)}-${s.csrq.slice(4, 6)}-${s.csrq.slice(6)}`,
});

export const PAGES: Record<string, PageDef> = {
  '/jsp/xsxx/xjsjwh.jsp': {
    title: '学籍数据维护',
    cmd: `${CMD}.xsxxgl.cmd.ZxxsXsJbxxQueryCmd/query`,
    columns: studentColumns,
    rows: (s) => s.students.map(studentRow),
  },
  '/jsp/xjyd/xjydsq.jsp': {
    title: '学籍异动申请',
    cmd: `${CMD}.xjyd.cmd.XjydSqQueryCmd/query`,
    columns: (v) => caseColumns(v),
    rowsFor: caseRowsFor,
    rows: (s) => s.cases.filter((c) => !c.kss),
  },
  '/jsp/xjyd/xjydsh.jsp': {
    title: '学籍异动学校审核',
    cmd: `${CMD}.xjyd.cmd.XjydXxshQueryCmd/query`,
    columns: (v) => caseColumns(v),
    rowsFor: caseRowsFor,
    rows: (s) => s.cases.filter((c) => !c.kss && c.shzt === '待审核'),
  },
  '/jsp/zbyw/zbywcx.jsp': {
    title: '在办业务查询',
    cmd: `${CMD}.zbyw.cmd.ZbywQueryCmd/query`,
    columns: (v) => pendingColumns(v),
    rows: (s) => s.cases.filter((c) => PENDING.test(c.shzt)),
  },
  '/jsp/kszx/kszxcx.jsp': {
    title: '跨省转学查询',
    cmd: `${CMD}.kszx.cmd.KszxQueryCmd/query`,
    columns: (v) => caseColumns(v, true),
    rowsFor: caseRowsFor,
    rows: (s) => s.cases.filter((c) => c.kss),
    charset: 'gb2312',
  },
};

const MENU = [
  {
    text: '学籍管理',
    children: [
      {
        text: '日常管理',
        children: [
          { text: '学籍异动申请', url: '/jsp/xjyd/xjydsq.jsp' },
          { text: '学籍异动学校审核', url: '/jsp/xjyd/xjydsh.jsp' },
          { text: '学籍数据维护', url: '/jsp/xsxx/xjsjwh.jsp' },
        ],
      },
      { text: '跨省转学', children: [{ text: '查询', url: '/jsp/kszx/kszxcx.jsp' }] },
    ],
  },
  { text: '综合查询', children: [{ text: '在校生查询', url: '/jsp/xsxx/xjsjwh.jsp?from=zxscx' }] },
  { text: '在办业务查询', url: '/jsp/zbyw/zbywcx.jsp' },
];

const TYPES: Record<string, string> = {
  '.js': 'application/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
};

export interface DemoServer {
  url: string;
  server: Server;
  school: DemoSchool;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startDemoServer(
  opts: { port?: number; seed?: number; perClass?: number } = {},
): Promise<DemoServer> {
  let school = generateSchool(opts.seed, opts.perClass);
  const sessions = new Set<string>();
  const token = randomBytes(8).toString('hex');

  const send = (
    res: ServerResponse,
    status: number,
    body: string | Buffer,
    type = 'text/html; charset=utf-8',
  ) => {
    res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
    res.end(body);
  };
  const html = (res: ServerResponse, body: string, charset: 'utf-8' | 'gb2312' = 'utf-8') =>
    charset === 'gb2312'
      ? send(res, 200, iconv.encode(body, 'gb2312'), 'text/html; charset=gb2312')
      : send(res, 200, body);
  const loggedIn = (req: IncomingMessage) => {
    const sid = /JSESSIONID=([a-f0-9]+)/.exec(req.headers.cookie ?? '')?.[1];
    return sid !== undefined && sessions.has(sid);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    if (path === '/' || path === '/jsp/public/login.jsp') {
      if (req.method === 'POST') {
        const form = new URLSearchParams(await readBody(req));
        if (!form.get('username') || form.get('password') !== 'demo')
          return html(res, loginPage('用户名或密码错误'));
        const sid = randomBytes(12).toString('hex');
        sessions.add(sid);
        res.writeHead(302, {
          'Set-Cookie': `JSESSIONID=${sid}; Path=/; HttpOnly`,
          Location: '/jsp/public/mainR.jsp',
        });
        return res.end();
      }
      return html(res, loginPage());
    }
    if (path.startsWith('/js/') || path.startsWith('/skins/')) {
      const file = normalize(join(PUBLIC_DIR, path));
      if (!file.startsWith(PUBLIC_DIR)) return send(res, 404, 'not found');
      try {
        return send(res, 200, await readFile(file), TYPES[extname(file)] ?? 'application/octet-stream');
      } catch {
        return send(res, 404, 'not found');
      }
    }
    if (path.startsWith('/demo/admin/')) return admin(path, url, req, res);
    // The 2.0-style skin (one-stop national system, its own sign-on): demo/v2-api.ts.
    if (await handleV2(req, res, url, school, send)) return;
    if (!loggedIn(req)) {
      if (path.startsWith('/command/'))
        return send(res, 401, '{"success":false,"msg":"会话已过期"}', 'application/json');
      res.writeHead(302, { Location: '/jsp/public/login.jsp' });
      return res.end();
    }
    if (path === '/jsp/public/logout.jsp') {
      res.writeHead(302, {
        Location: '/jsp/public/login.jsp',
        'Set-Cookie': 'JSESSIONID=; Path=/; Max-Age=0',
      });
      return res.end();
    }
    if (path === '/jsp/public/mainR.jsp') return html(res, shellPage(school.name, '学籍管理员', MENU));
    if (path === '/jsp/xjgl/xjkView.jsp') return detailCard(url.searchParams.get('grbsm') ?? '', res);
    const page = PAGES[path];
    if (page && req.method === 'GET') {
      const v = variantOf(url);
      const spec: GridPageSpec = {
        title: page.title,
        // The grid asks its own command for the variant's rows, as a page's grid names its own query.
        cmd: v === 'standard' ? page.cmd : `${page.cmd}?variant=${v}`,
        columns: page.columns(v),
        charset: page.charset,
      };
      // ?pageSize=N (the real grid's page-size box): up to 5,000 rows a page, for large-grid tests and the bench.
      const pageSize = Math.min(5000, Math.max(1, Number(url.searchParams.get('pageSize')) || 20));
      return html(res, gridPage(spec, token, pageSize, v), page.charset);
    }
    const cmd = Object.values(PAGES).find((p) => p.cmd === path);
    if (cmd && req.method === 'POST') {
      if (req.headers['_ccrf.token'] !== token)
        return send(res, 403, '{"success":false,"msg":"CSRF"}', 'application/json');
      const body = JSON.parse((await readBody(req)) || '{}');
      const map = body?.params?.map ?? {};
      const start = Number(map.start ?? 0);
      const limit = Number(map.limit ?? 20);
      const rows0 = cmd.rows(school);
      let rows = (cmd.rowsFor ? cmd.rowsFor(rows0, variantOf(url)) : rows0) as Array<{ xm?: string }>;
      if (map.xm) rows = rows.filter((r) => r.xm?.includes(map.xm));
      const fields = Object.keys(rows[0] ?? {}).map((name) => ({ name }));
      const payload = {
        total: rows.length,
        success: true,
        metaData: { root: 'rows', totalProperty: 'total', fields },
        rows: rows.slice(start, start + limit),
      };
      return send(res, 200, JSON.stringify(payload), 'application/json; charset=UTF-8');
    }
    send(res, 404, '<h1>404</h1>');
  };

  function detailCard(grbsm: string, res: ServerResponse) {
    const s = school.students.find((x) => x.grbsm === grbsm);
    if (!s)
      return send(
        res,
        404,
        detailCardPage('学籍卡', [
          ['全国学籍号', grbsm],
          ['提示', '未找到该学生'],
        ]),
      );
    return html(
      res,
      detailCardPage('学生学籍卡', [
        ['全国学籍号', s.grbsm],
        ['学籍辅号', s.xjfh],
        ['姓名', s.xm],
        ['性别', SEX[s.xbm]],
        ['出生日期', studentRow(s).csrqText],
        ['身份证件类型', s.sfzjlxm === '1' ? '居民身份证' : '其他'],
        ['身份证件号', s.sfzjh],
        ['年级', s.njmc],
        ['班级', s.bjmc],
        ['入学年月', s.rxny],
        ['就读方式', s.jdfsm === '2' ? '住校' : '走读'],
        ['是否留守儿童', { '0': '非留守儿童', '1': '单亲留守', '2': '双亲留守' }[s.sflsetm]],
        ['是否进城务工人员随迁子女', s.sfsqznm === '1' ? '是' : '否'],
        ['是否孤儿', s.sfge === '1' ? '是' : '否'],
        ['健康状况', s.jkzkm === '50' ? '残疾' : '健康或良好'],
        ['联系电话', s.lxdh],
        ['现住址', s.xzz],
      ]),
    );
  }

  async function admin(path: string, url: URL, req: IncomingMessage, res: ServerResponse) {
    if (req.method !== 'POST') return send(res, 405, 'POST only', 'text/plain');
    const json = (o: unknown) => send(res, 200, JSON.stringify(o), 'application/json');
    if (path === '/demo/admin/reset') {
      school = generateSchool(opts.seed, opts.perClass);
      return json({ ok: true });
    }
    if (path === '/demo/admin/transfer-out') {
      // The registrar approves a transfer-out: the student leaves the roll and a 转出 case is approved.
      const grbsm = url.searchParams.get('grbsm') ?? '';
      const i = school.students.findIndex((s) => s.grbsm === grbsm);
      if (i < 0) return send(res, 404, '{"ok":false}', 'application/json');
      const [s] = school.students.splice(i, 1) as [DemoStudent];
      const today = dayString(Date.now());
      const c: DemoCase = {
        ydid: `YD2026${String(school.cases.length + 1).padStart(5, '0')}`,
        grbsm: s.grbsm,
        xm: s.xm,
        xbm: s.xbm,
        njmc: s.njmc,
        bjmc: s.bjmc,
        ydlb: '转出',
        ydyy: '随父母迁居',
        ydrq: today,
        sqrq: today,
        shzt: '审核通过',
        dqbldw: '本校',
        zrxx: '东城中学',
        zcxx: school.name,
        kss: false,
      };
      school.cases.push(c);
      return json({ ok: true, case: c });
    }
    if (path === '/demo/admin/move-class') {
      // The 学籍系统 records a change of class (分班): what the next reading of the roster shows.
      const s = school.students.find((x) => x.grbsm === url.searchParams.get('grbsm'));
      const bjmc = url.searchParams.get('bjmc');
      if (!s || !bjmc) return send(res, 404, '{"ok":false}', 'application/json');
      s.bjmc = bjmc;
      return json({ ok: true });
    }
    send(res, 404, 'unknown', 'text/plain');
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e) => send(res, 500, String(e), 'text/plain'));
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    get school() {
      return school;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

// `tsx demo/server.ts [port]` runs it standalone.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const port = Number(process.argv[2] ?? process.env.DEMO_PORT ?? 8080);
  startDemoServer({ port }).then((s) => console.log(`demo 学籍系统: ${s.url}/jsp/public/login.jsp`));
}
