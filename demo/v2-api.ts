/**
 * The 2.0-style demo skin's side of the demo server: the built single-page app under /v2/ (any path that
 * is not a file gets index.html, as a history-mode router needs) and its JSON API under /v2/api/, paged
 * with `pageNum`/`pageSize` and answering `{code, msg, data: {total, records}}`. Field names are a modern
 * admin API's, unlike 1.0's Loushang ones (stuNo, not grbsm), so Baoxue cannot know them from a table:
 * it must learn them from the page. Same synthetic school as the 1.0 pages.
 */
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DemoCase, DemoSchool, DemoStudent } from './generator';

/** Where `npm run build:demo` puts the built skin (not committed). */
export const V2_DIST = fileURLToPath(new URL('./v2/dist/', import.meta.url));
/** The virtual-scroll list holds at most this many rows, as such overviews cap what one query returns. */
export const V2_OVERVIEW_MAX = 2000;

const SEX: Record<string, string> = { '1': '男', '2': '女' };
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'application/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.svg': 'image/svg+xml',
};

const dashed = (d: string) => `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)}`;

export function v2Student(s: DemoStudent) {
  return {
    stuId: s.grbsm.toLowerCase(),
    stuNo: s.grbsm,
    provStuNo: s.xjfh,
    stuName: s.xm,
    genderName: SEX[s.xbm],
    birthday: dashed(s.csrq),
    certNo: s.sfzjh,
    gradeName: s.njmc,
    clazzName: s.bjmc,
    atSchoolFlag: s.sfzx === '1' ? '是' : '否',
  };
}

/** 学生详情: the list's fields and the rest of what the 1.0 学籍卡 shows, in a modern API's names. */
export function v2StudentDetail(s: DemoStudent) {
  return {
    ...v2Student(s),
    certTypeName: s.sfzjlxm === '1' ? '居民身份证' : '其他',
    enrolYm: `${s.rxny.slice(0, 4)}-${s.rxny.slice(4)}`,
    studyModeName: s.jdfsm === '2' ? '住校' : '走读',
    leftBehindName: { '0': '非留守儿童', '1': '单亲留守', '2': '双亲留守' }[s.sflsetm],
    migrantFlag: s.sfsqznm === '1' ? '是' : '否',
    orphanFlag: s.sfge === '1' ? '是' : '否',
    healthName: s.jkzkm === '50' ? '残疾' : '健康或良好',
    phone: s.lxdh,
    address: s.xzz,
  };
}

export function v2Case(c: DemoCase) {
  return {
    bizId: c.ydid,
    stuNo: c.grbsm,
    stuName: c.xm,
    genderName: SEX[c.xbm],
    gradeName: c.njmc,
    clazzName: c.bjmc,
    changeTypeName: c.ydlb,
    changeReason: c.ydyy,
    changeDay: c.ydrq,
    applyTime: c.sqrq,
    flowStatus: c.shzt,
    handleOrg: c.dqbldw,
    inSchoolName: c.zrxx,
    outSchoolName: c.zcxx,
  };
}

type Send = (res: ServerResponse, status: number, body: string | Buffer, type?: string) => void;

const page = <T>(rows: T[], url: URL) => {
  const pageNum = Math.max(1, Number(url.searchParams.get('pageNum')) || 1);
  const pageSize = Math.min(V2_OVERVIEW_MAX, Math.max(1, Number(url.searchParams.get('pageSize')) || 20));
  return {
    code: 200,
    msg: '操作成功',
    data: {
      total: rows.length,
      pageNum,
      pageSize,
      records: rows.slice((pageNum - 1) * pageSize, pageNum * pageSize),
    },
  };
};

/** Handles /v2/…; returns false for anything else. */
export async function handleV2(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  school: DemoSchool,
  send: Send,
): Promise<boolean> {
  const path = url.pathname;
  if (path !== '/v2' && !path.startsWith('/v2/')) return false;
  await serve(req, res, url, school, send);
  return true;
}

async function serve(req: IncomingMessage, res: ServerResponse, url: URL, school: DemoSchool, send: Send) {
  const path = url.pathname;
  const json = (o: unknown) => send(res, 200, JSON.stringify(o), 'application/json; charset=utf-8');
  if (path.startsWith('/v2/api/')) {
    if (req.method !== 'GET') return send(res, 405, '{"code":405}', 'application/json');
    const name = url.searchParams.get('stuName') ?? '';
    if (path === '/v2/api/student/page') {
      const rows = school.students.filter((s) => s.xm.includes(name)).map(v2Student);
      return json(page(rows, url));
    }
    if (path === '/v2/api/student/overview') {
      const rows = school.students.slice(0, V2_OVERVIEW_MAX).map(v2Student);
      return json({ code: 200, msg: '操作成功', data: { total: rows.length, records: rows } });
    }
    const detail = /^\/v2\/api\/student\/([a-z0-9]+)$/.exec(path);
    if (detail) {
      const s = school.students.find((x) => x.grbsm.toLowerCase() === detail[1]);
      if (!s) return send(res, 404, '{"code":404,"msg":"未找到该学生"}', 'application/json');
      return json({ code: 200, msg: '操作成功', data: v2StudentDetail(s) });
    }
    if (path === '/v2/api/change/page') {
      const cross = url.searchParams.get('scope') === 'cross';
      const rows = school.cases.filter((c) => c.kss === cross && c.xm.includes(name)).map(v2Case);
      return json(page(rows, url));
    }
    return send(res, 404, '{"code":404}', 'application/json');
  }
  const rel = path.replace(/^\/v2\/?/, '');
  const file = normalize(join(V2_DIST, rel));
  if (!file.startsWith(V2_DIST)) return send(res, 404, 'not found', 'text/plain');
  const type = TYPES[extname(file)];
  try {
    if (rel && type) return send(res, 200, await readFile(file), type);
    return send(res, 200, await readFile(join(V2_DIST, 'index.html')), TYPES['.html']);
  } catch {
    send(res, 404, '2.0 演示页面尚未构建：请先运行 npm run build:demo', 'text/plain; charset=utf-8');
  }
}
