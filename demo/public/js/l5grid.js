// Demo of the Loushang L5 grid (an Ext JS 2 fork): separate header and body tables joined by the
// `l-grid3-td-{colId}` class, rows loaded asynchronously by POST /command/ajax/…, 20 rows a page.
(() => {
  const cfg = window.L5_GRID;
  const token = document.querySelector('meta[name="_ccrf.token"]').content;
  const root = document.getElementById('grid');
  const state = { start: 0, total: 0, query: {} };

  const el = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  };
  const cols = [
    { id: 'numberer', header: '', width: 28 },
    { id: 'checker', header: '', width: 24 },
    ...cfg.columns.filter((c) => !c.hidden),
  ];

  const grid = el('div', 'l-grid3');
  const viewport = el('div', 'l-grid3-viewport');
  const header = el('div', 'l-grid3-header');
  const hdInner = el('div', 'l-grid3-header-inner');
  const hdOffset = el('div', 'l-grid3-header-offset');
  const hdTable = el('table');
  const thead = el('thead');
  const hdRow = el('tr', 'l-grid3-hd-row');
  for (const c of cols) {
    const td = el('td', `l-grid3-hd l-grid3-cell l-grid3-td-${c.id}`);
    td.style.width = `${c.width || 110}px`;
    // `headerless`: icon-only headers, as some skins draw them; the text is only in a tooltip image.
    td.appendChild(el('div', 'l-grid3-hd-inner', cfg.variant === 'headerless' ? '' : c.header));
    hdRow.appendChild(td);
  }
  thead.appendChild(hdRow);
  hdTable.appendChild(thead);
  hdOffset.appendChild(hdTable);
  hdInner.appendChild(hdOffset);
  header.appendChild(hdInner);
  const scroller = el('div', 'l-grid3-scroller');
  const body = el('div', 'l-grid3-body');
  scroller.appendChild(body);
  viewport.append(header, scroller);
  grid.appendChild(viewport);

  const tb = el('div', 'l-paging-toolbar');
  const btn = (id, text) => {
    const b = el('button', `l-paging-btn ${id}`, text);
    b.type = 'button';
    b.dataset.action = id;
    return b;
  };
  const first = btn('first', '首页');
  const prev = btn('prev', '上一页');
  const pageInfo = el('span', 'l-paging-info');
  const next = btn('next', '下一页');
  const last = btn('last', '末页');
  const display = el('span', 'l-paging-display');
  tb.append(first, prev, pageInfo, next, last, display);
  grid.appendChild(tb);
  root.appendChild(grid);

  function renderRows(rows) {
    body.textContent = '';
    rows.forEach((row, i) => {
      const r = el('div', `l-grid3-row${i % 2 ? ' l-grid3-row-alt' : ''}`);
      const t = el('table', 'l-grid3-row-table');
      const tbody = el('tbody');
      const tr = el('tr');
      for (const c of cols) {
        const td = el('td', `l-grid3-col l-grid3-cell l-grid3-td-${c.id}`);
        td.style.width = `${c.width || 110}px`;
        const inner = el('div', 'l-grid3-cell-inner');
        if (c.id === 'numberer') inner.textContent = String(state.start + i + 1);
        else if (c.id === 'checker') {
          const cb = el('input');
          cb.type = 'checkbox';
          inner.appendChild(cb);
        } else if (c.link) {
          const a = el('a', '', c.link.text);
          a.href = c.link.href + encodeURIComponent(row[c.field]);
          a.target = '_blank';
          inner.appendChild(a);
        } else {
          const raw = row[c.field] == null ? '' : String(row[c.field]);
          let text = c.dict ? (c.dict[raw] ?? raw) : raw;
          if (c.format === 'date' && /^\d{8}$/.test(text))
            text = `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6)}`;
          // `mismatch`: the third row shows a 姓名 its own data does not have.
          if (cfg.variant === 'mismatch' && i === 2 && c.field === 'xm') text += '某';
          inner.textContent = text;
          inner.title = text;
        }
        td.appendChild(inner);
        tr.appendChild(td);
      }
      tbody.appendChild(tr);
      t.appendChild(tbody);
      r.appendChild(t);
      body.appendChild(r);
    });
    const pages = Math.max(1, Math.ceil(state.total / cfg.pageSize));
    const page = Math.floor(state.start / cfg.pageSize) + 1;
    pageInfo.textContent = `第 ${page} 页 共 ${pages} 页`;
    display.textContent = state.total
      ? `显示 ${state.start + 1} - ${state.start + rows.length} 条，共 ${state.total} 条`
      : '没有数据';
    first.disabled = prev.disabled = page <= 1;
    next.disabled = last.disabled = page >= pages;
  }

  async function load() {
    grid.classList.add('l-grid3-loading');
    const map = { ...state.query, start: state.start, limit: cfg.pageSize };
    const res = await fetch(cfg.cmd, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json; charset=UTF-8', '_ccrf.token': token },
      body: JSON.stringify({ params: { javaClass: 'org.loushang.next.data.ParameterSet', map, length: 0 } }),
    });
    const data = await res.json();
    state.total = data.total;
    // The real grid paints a moment after the response; keep rows asynchronous here too.
    setTimeout(() => {
      renderRows(data[data.metaData.root]);
      grid.classList.remove('l-grid3-loading');
    }, 120);
  }

  tb.addEventListener('click', (e) => {
    const action = e.target.dataset?.action;
    if (!action) return;
    const lastStart = Math.max(0, (Math.ceil(state.total / cfg.pageSize) - 1) * cfg.pageSize);
    state.start = {
      first: 0,
      prev: Math.max(0, state.start - cfg.pageSize),
      next: Math.min(lastStart, state.start + cfg.pageSize),
      last: lastStart,
    }[action];
    load();
  });
  document.getElementById('queryBtn').addEventListener('click', () => {
    const xm = document.getElementById('q_xm').value.trim();
    state.query = xm ? { xm } : {};
    state.start = 0;
    load();
  });
  load();
})();
