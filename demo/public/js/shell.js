// mainR.jsp: a tree menu on the left; each leaf opens (or re-selects) an iframe tab.
(() => {
  const strip = document.getElementById('tabStrip');
  const panels = document.getElementById('tabPanels');
  const tabs = new Map();
  function select(url) {
    for (const [u, t] of tabs) {
      const on = u === url;
      t.head.classList.toggle('x-tab-strip-active', on);
      t.frame.style.display = on ? 'block' : 'none';
    }
  }
  function open(url, title) {
    if (!tabs.has(url)) {
      const head = document.createElement('span');
      head.className = 'x-tab-strip-tab';
      head.textContent = title;
      head.addEventListener('click', () => select(url));
      const frame = document.createElement('iframe');
      frame.src = url;
      frame.name = `tab_${tabs.size + 1}`;
      frame.title = title;
      frame.className = 'tab-frame';
      strip.appendChild(head);
      panels.appendChild(frame);
      tabs.set(url, { head, frame });
    }
    select(url);
  }
  document.getElementById('west').addEventListener('click', (e) => {
    const a = e.target.closest('a[data-url]');
    if (!a) return;
    e.preventDefault();
    open(a.dataset.url, a.textContent);
  });
})();
