/*
 * book.mjs - the small book every browser test runs on, built with the
 * real binary: zbb init, imports of tiny CSVs, users.  Returns its path.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const USERS = {
  edu: { password: 'agency-pass-1', role: 'agency', agency: 'A1' },
  rev: { password: 'review-pass-1', role: 'reviewer' },
  bud: { password: 'budget-pass-1', role: 'budget' },
  view: { password: 'viewer-pass-1', role: 'viewer' },
  root: { password: 'admin-pass-01', role: 'admin' },
};

export const CSV = {
  agencies: 'code,name,headcount,function\nA1,市教育局,50,205\nA2,市卫生健康委,80,210\nA3,市交通运输局,40,214\n',
  bases: 'code,title,level,valid_from\nB1,城市教育发展规划,municipal,2020-01-01\nB2,卫生健康事业发展规划,municipal,2021-01-01\n',
  standards: 'code,name,economic,unit,max_price\nS-PC,台式计算机,31002,台,6000\nS-OFF,办公用品,30201,批,2000\nS-TRAIN,培训费,30216,人天,550\n',
  sources: 'code,name,kind,amount\nG1,一般公共预算收入,general,900000\nG2,上年结余,general,100000\n',
  projects: 'code,agency,name,kind,tier,function,basis,urgent,score\n' +
    'PA,A1,中小学信息化设备更新,specific,general,2050201,B1,n,80\n' +
    'PB,A2,基层医疗机构设备购置,specific,livelihood,2100201,B2,n,\n' +
    'PC,A1,教师培训,specific,general,2050201,B1,n,70\n' +
    'PD,A3,公交站台维护,specific,general,2140101,B1,y,65\n' +
    'PE,A2,公共卫生宣传,specific,general,2100201,B2,n,60\n',
  items: 'project,seq,content,economic,standard,unit,price,quantity,level\n' +
    'PA,1,办公用品,30201,S-OFF,批,1800,10,1\nPA,2,台式计算机,31002,S-PC,台,7200,30,1\nPA,3,交互式白板,31002,S-PC,台,5800,10,2\n' +
    'PB,1,心电监护仪,31002,S-PC,台,5500,40,1\n' +
    'PC,1,骨干教师培训,30216,S-TRAIN,人天,500,400,1\nPC,2,外聘讲师,30216,S-TRAIN,人天,600,50,2\n' +
    'PD,1,站台维修材料,30201,S-OFF,批,2000,60,1\n' +
    'PE,1,宣传资料印制,30201,S-OFF,批,1500,40,1\n',
  targets: 'project,level1,level2,name,operator,value,unit\nPA,output,数量,更新设备台数,>=,40,台\nPB,output,数量,购置监护仪,>=,40,台\n',
};

export function buildBook(zbb, dir) {
  const book = join(dir, 'book.db');
  const env = { ...process.env, ZBB_BOOK: book, LANG: 'C.UTF-8' };
  const run = (args, input) => execFileSync(zbb, args, { env, input, stdio: ['pipe', 'pipe', 'pipe'] });
  run(['init', '--year', '2026']);
  for (const [kind, text] of Object.entries(CSV)) {
    const f = join(dir, kind + '.csv');
    writeFileSync(f, text);
    run(['import', kind, f]);
  }
  for (const [name, u] of Object.entries(USERS))
    run(['user', 'add', name, '--role', u.role, ...(u.agency ? ['--agency', u.agency] : []), '--password-stdin'], u.password + '\n');
  return book;
}
