/**
 * The demo 学籍系统's pages, reproducing the 1.0 (Inspur Loushang L5) markup described in domain.md §2.
 * Grid pages carry only a skeleton and a column model; rows arrive later from POST /command/ajax/…Cmd,
 * rendered by public/l5grid.js into the L5 header/body tables.
 */

export interface GridColumn {
  id: string; // colId → l-grid3-td-{id}
  field: string; // JSON field
  header: string; // header text
  width?: number;
  dict?: Record<string, string>;
  /** An action link (e.g. 查看学籍卡): href prefix + the field's value. */
  link?: { href: string; text: string };
  /** `date`: a YYYYMMDD value is shown as YYYY-MM-DD (the grid's renderer, not its data). */
  format?: 'date';
  /** In the column model but not drawn (Ext's `hidden: true`): its value is only in the JSON. */
  hidden?: boolean;
}

export interface GridPageSpec {
  title: string;
  cmd: string; // /command/ajax/… endpoint
  columns: GridColumn[];
  charset?: 'utf-8' | 'gb2312';
  queryLabel?: string;
}

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function layout(title: string, body: string, opts: { charset?: string; head?: string } = {}) {
  const charset = opts.charset ?? 'utf-8';
  return `<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=${charset}">
<title>${esc(title)}</title>
<link rel="stylesheet" href="/skins/l5.css">${opts.head ?? ''}</head>
<body>${body}</body></html>`;
}

export function loginPage(error = '') {
  return layout(
    '全国中小学生学籍信息管理系统',
    `<div class="login-box"><h1>全国中小学生学籍信息管理系统</h1><p class="demo-note">演示站点 · 全部数据为虚构</p>
<form method="post" action="/jsp/public/login.jsp">
<table><tr><td class="FieldLabel">用户名</td><td class="FieldInput"><input name="username" value="xjgly"></td></tr>
<tr><td class="FieldLabel">密码</td><td class="FieldInput"><input name="password" type="password" value="demo"></td></tr></table>
${error ? `<p class="error">${esc(error)}</p>` : ''}
<button type="submit" id="loginBtn">登 录</button></form></div>`,
  );
}

export interface MenuItem {
  text: string;
  url?: string;
  children?: MenuItem[];
}

function menuHtml(items: MenuItem[]): string {
  return `<ul>${items
    .map((m) =>
      m.url
        ? `<li class="x-tree-node leaf"><a href="#" data-url="${esc(m.url)}">${esc(m.text)}</a></li>`
        : `<li class="x-tree-node"><span class="x-tree-node-text">${esc(m.text)}</span>${menuHtml(m.children ?? [])}</li>`,
    )
    .join('')}</ul>`;
}

export function shellPage(schoolName: string, user: string, menu: MenuItem[]) {
  return layout(
    '全国中小学生学籍信息管理系统',
    `<div id="top"><span class="sys">全国中小学生学籍信息管理系统</span><span class="who">${esc(schoolName)} · ${esc(user)}</span>
<a href="/jsp/public/logout.jsp">退出</a></div>
<div id="west" class="x-tree">${menuHtml(menu)}</div>
<div id="center"><div class="x-tab-strip" id="tabStrip"></div><div id="tabPanels"></div></div>
<script src="/js/shell.js"></script>`,
  );
}

export function gridPage(spec: GridPageSpec, token: string, pageSize = 20, variant = 'standard') {
  const config = JSON.stringify({ cmd: spec.cmd, columns: spec.columns, pageSize, variant }).replace(
    /</g,
    '\\u003c',
  );
  return layout(
    spec.title,
    `<div class="page-title">${esc(spec.title)}</div>
<fieldset class="query"><legend>查询条件</legend><table><tr>
<td class="FieldLabel">${esc(spec.queryLabel ?? '姓名')}</td><td class="FieldInput"><input id="q_xm" name="xm"></td>
<td><button type="button" id="queryBtn">查 询</button></td></tr></table></fieldset>
<div id="grid"></div>
<script>var L5_GRID = ${config};</script>
<script src="/js/l5grid.js"></script>`,
    { charset: spec.charset, head: `<meta name="_ccrf.token" content="${esc(token)}">` },
  );
}

export function detailCardPage(title: string, fields: [string, string][]) {
  const rows: string[] = [];
  for (let i = 0; i < fields.length; i += 2) {
    const cells = fields
      .slice(i, i + 2)
      .map(([l, v]) => `<td class="FieldLabel">${esc(l)}</td><td class="FieldInput">${esc(v)}</td>`)
      .join('');
    rows.push(`<tr>${cells}</tr>`);
  }
  return layout(
    title,
    `<div class="page-title">${esc(title)}</div><table class="form-table xjk" id="xjkTable">${rows.join('')}</table>`,
  );
}
