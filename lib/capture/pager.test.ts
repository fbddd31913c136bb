// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findGrids } from './grid';
import { pagerNear, queryIsEmpty, readPager } from './pager';

const load = (name: string) =>
  new DOMParser().parseFromString(
    readFileSync(resolve('lib/capture/pages/fixtures', name), 'utf8').replace(/<link[^>]*>/g, ''),
    'text/html',
  );

describe('the paging toolbar', () => {
  it('is found by its button labels and page text', () => {
    const doc = load('student-list.html');
    const pager = pagerNear(findGrids(doc)[0]!.grid);
    expect(pager).toMatchObject({ page: 1, pages: 18 });
    expect(pager?.next?.textContent).toBe('下一页');
    expect(pager?.first?.textContent).toBe('首页');
  });

  it('is absent where there is no "第 x 页 共 y 页"', () => {
    expect(readPager(load('plain-table-2.0.html').body)).toBeNull();
  });

  it('knows whether the query form filters the list', () => {
    const doc = load('student-list.html');
    expect(queryIsEmpty(doc)).toBe(true);
    doc.querySelector<HTMLInputElement>('#q_xm')!.value = '王';
    expect(queryIsEmpty(doc)).toBe(false);
  });
});
