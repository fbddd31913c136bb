// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateSchool } from '../../../demo/generator';
import { cardMissing, cardToStudent, readCard } from './student-card';

const load = (name: string) =>
  new DOMParser().parseFromString(
    readFileSync(resolve('lib/capture/pages/fixtures', name), 'utf8').replace(/<link[^>]*>/g, ''),
    'text/html',
  );
const source = { host: '127.0.0.1', pageKind: 'student-card', seenAt: 1 };

describe('the 学籍卡 reader', () => {
  it('reads the label–value card into a fuller student record', () => {
    const first = generateSchool().students[0]!;
    const card = readCard(load('student-card.html'))!;
    expect(cardMissing(card)).toEqual([]);
    const s = cardToStudent(card, source)!;
    expect(s).toMatchObject({
      id: first.grbsm,
      name: first.xm,
      idType: '1', // shown as 居民身份证, stored as its code
      idNumber: first.sfzjh,
      phone: first.lxdh,
      address: first.xzz,
      enrolled: `${first.rxny.slice(0, 4)}-${first.rxny.slice(4)}`,
      boarding: first.jdfsm === '2',
    });
    expect(s.specialGroups).toEqual(first.sflsetm === '0' ? [] : ['留守儿童']);
    expect(card.keyCell?.textContent).toBe(first.grbsm);
  });

  it('does not take a grid page or a login form for a card', () => {
    expect(readCard(load('student-list.html'))).toBeNull();
    const login = new DOMParser().parseFromString(
      '<table><tr><td class="FieldLabel">用户名</td><td class="FieldInput">x</td></tr><tr><td class="FieldLabel">密码</td><td class="FieldInput"></td></tr></table>',
      'text/html',
    );
    expect(readCard(login)).toBeNull();
  });

  it('names a missing 学籍号 on a card', () => {
    const doc = load('student-card.html');
    for (const td of doc.querySelectorAll('td.FieldLabel'))
      if (td.textContent === '全国学籍号') td.textContent = '编号';
    expect(cardMissing(readCard(doc)!)).toEqual(['全国学籍号/学籍号/个人标识码']);
  });
});
