/**
 * The sentences the absence rules follow, quoted from the seed documents (/work/shared/seeds) and the
 * domain notes, so the ladder and the casebooks cite one wording. Files: 000 = 博山镇中心学校控辍保学工作
 * 实施方案 (000_a110e08b5997083c.txt); 002 = 控辍保学工作方案及措施文件（实用5篇）(002_e4ef6fa1a5878abf.txt).
 */
export const SEED = {
  /** 篇二 （二）6: the ladder by length of absence. */
  ladder:
    '002 篇二 （二）6："对半天未上学的，要向学校教务处汇报，对无故一天未上学的，班主任当天或第二天必须进行家访，第二天未上学的学校相关领导必须亲自家访"',
  /** 篇二 （二）7: dropping out despite persuasion. */
  township: '002 篇二 （二）7："学生或家长不听劝阻而辍学时，学校要及时上报乡政府主管教育人员"',
  /** 篇四 依法控辍 4: the 返校通知书 and its deadline. */
  notice:
    '002 篇四 依法控辍 4："立即对该学生家长或监护人发出“辍学生返校通知书”，如未按规定期限返校，应及时报告乡镇政府实施行政处罚或追究法律责任"',
  /** 篇三 三（四）: follow-up of dropouts and the monthly check of 重点生 records. */
  followUp: '002 篇三 三（四）："对辍学学生每学期进行两次跟踪调查，包级部领导每月检查一次帮“重点生”记录"',
  /** 篇三 三（四）: weekly visits of 重点生. */
  keyVisit: '002 篇三 三（四）："每个教师对重点生每周家访一次"',
  /** 篇一 五.1: not arrived within a week of term start. */
  notArrived:
    '002 篇一 五.1："对一周内还未到校上课的学生应采取相关措施，如：家访动员，或与当地街道、村委会取得联系等"',
  /** 篇二 （二）6: the semester's visit quotas. */
  quota: '002 篇二 （二）6："班主任每学期家访数不能少于20人次，科任教师家访数不能少于15人次"',
  /** 000 四（五）: contact the parent at once; the village committee helps persuade. */
  contact:
    '000 四（五）："学生无故不到校，学校要及时与家长联系，经确认辍学的，要及时安排相关人员与学生所在村委会共同规劝返校复学"',
  /** domain.md §5: what "consecutive" means. */
  run: 'domain.md §5："Consecutive" means time away from school without a break: half-days in order (am, pm, next school day\'s am …); a half-day at school ends the run',
  /** domain.md §5: excused half-days. */
  excused:
    'domain.md §5："and so, by default, does an excused half-day (a school may set it to pause the run instead)"',
  /** domain.md §5: the 疑似辍学 threshold. */
  threshold:
    'domain.md §5："configurable, default 疑似辍学 at 3 consecutive school days unexcused"; 3 days → "辍学学生情况报告表 to the county bureau; village committee (村委会) asked to help" (county rule)',
} as const;
