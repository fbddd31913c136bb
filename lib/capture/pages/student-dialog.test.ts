// @vitest-environment happy-dom
/**
 * 学生详情 in a 2.0-style dialog (Element Plus el-descriptions, bordered: label <th>, value <td>): read by
 * its labels as the 1.0 学籍卡 is; a 学籍异动 case's dialog is not taken for a student's details.
 */
import { describe, expect, it } from 'vitest';
import { cardToStudent } from './student-card';
import { readDialogCard } from './student-dialog';

/** Element Plus's el-descriptions as it renders: bordered, a label <td> and its value <td>; else both in one cell. */
const dialog = (pairs: [string, string][], bordered = true) => {
  const el = document.createElement('div');
  el.setAttribute('role', 'dialog');
  const cells = pairs
    .map(([l, v]) =>
      bordered
        ? `<td class="el-descriptions__cell el-descriptions__label is-bordered-label">${l}</td><td class="el-descriptions__cell el-descriptions__content">${v}</td>`
        : `<td class="el-descriptions__cell"><span class="el-descriptions__label">${l}:</span><span class="el-descriptions__content">${v}</span></td>`,
    )
    .join('');
  el.innerHTML = `<div class="el-dialog"><header>学生详情</header><table class="el-descriptions__table is-bordered"><tbody><tr class="el-descriptions__row">${cells}</tr></tbody></table></div>`;
  return el;
};

describe('学生详情 in a dialog', () => {
  it("is read by its labels into the same record as 1.0's 学籍卡", () => {
    const card = readDialogCard(
      dialog([
        ['全国学籍号', 'G370304201504010011'],
        ['姓名', '王小明'],
        ['性别', '男'],
        ['出生日期', '2015-04-01'],
        ['入学年月', '2021-09'],
        ['就读方式', '住校'],
        ['留守儿童', '单亲留守'],
        ['随迁子女', '否'],
        ['联系电话', '13800000000'],
      ]),
    );
    expect(card?.cells.xjh).toBe('G370304201504010011');
    expect(card?.keyCell?.textContent).toBe('G370304201504010011');
    const s = cardToStudent(card!, { host: 'x', pageKind: 'student-card', seenAt: 0 });
    expect(s?.name).toBe('王小明');
    expect(s?.enrolled).toBe('2021-09');
    expect(s?.boarding).toBe(true);
    expect(s?.specialGroups).toEqual(['留守儿童']);
    expect(s?.phone).toBe('13800000000');
  });

  it('is read from a description list without borders too (label and value in one cell)', () => {
    const card = readDialogCard(
      dialog(
        [
          ['全国学籍号', 'G370304201504010011'],
          ['姓名', '王小明'],
          ['性别', '男'],
          ['联系电话', '13800000000'],
        ],
        false,
      ),
    );
    expect(card?.cells.name).toBe('王小明');
    expect(card?.extra.phone).toBe('13800000000');
  });

  it("is not a 学籍异动 case's dialog, though that shows 学籍号 and 姓名 too", () => {
    expect(
      readDialogCard(
        dialog([
          ['学籍号', 'G370304201504010011'],
          ['姓名', '王小明'],
          ['异动类别', '转出'],
          ['异动原因', '随父母迁居'],
          ['审核状态', '待审核'],
        ]),
      ),
    ).toBeNull();
  });

  it('needs an identifier besides the name', () => {
    expect(
      readDialogCard(
        dialog([
          ['姓名', '王小明'],
          ['性别', '男'],
          ['年级', '三年级'],
          ['班级', '1班'],
        ]),
      ),
    ).toBeNull();
  });
});
