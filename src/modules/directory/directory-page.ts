/**
 * The public directory page (/directory): one small self-contained HTML document — inline
 * CSS, a little inline JS, QR codes as inline SVG — so it is fast on a phone and makes no
 * request to anyone else. Every value put into the HTML goes through `escapeHtml`.
 */
import { createHash } from 'node:crypto';
import { iconSvg } from '../platforms/platform-icon';
import { platformRegistry } from '../platforms/platform-registry';
import type { PublicAccount, VerifyResult } from './directory.service';

export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface DirectoryPageModel {
  accounts: PublicAccount[];
  /** Every unit with a listed account (for the unit filter). */
  units: Array<{ id: number; name: string }>;
  platforms: Array<{ value: string; label: string }>;
  filter: { q?: string; unitId?: number; platform?: string };
  /** SVG markup per homepage URL (generated locally). */
  qrCodes: Map<string, string>;
  /** Server-side verification result when the page was asked with ?verify= (works without JS). */
  verification?: { input: string; result: VerifyResult | { error: string } };
  generatedOn: string;
  truncated: boolean;
}

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font-family:-apple-system,BlinkMacSystemFont,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC",sans-serif;color:#1f2329;background:#f4f6f9;line-height:1.6;font-size:16px}
header.top{background:#b71c1c;color:#fff;padding:20px 16px}
header.top h1{margin:0 auto;max-width:1100px;font-size:24px}
header.top p{margin:6px auto 0;max-width:1100px;font-size:14px;opacity:.92}
main{max-width:1100px;margin:0 auto;padding:16px}
.panel{background:#fff;border-radius:8px;padding:16px;margin-bottom:16px;box-shadow:0 1px 2px rgba(0,0,0,.06)}
.panel h2{margin:0 0 10px;font-size:18px}
form.row{display:flex;gap:8px;flex-wrap:wrap}
form.row input,form.row select{flex:1 1 200px;min-width:0;padding:10px 12px;font-size:16px;border:1px solid #c9cdd4;border-radius:6px;background:#fff}
form.row select{flex:0 1 180px}
form.row button{padding:10px 18px;font-size:16px;border:0;border-radius:6px;background:#b71c1c;color:#fff;cursor:pointer}
.result{margin-top:12px;padding:12px;border-radius:6px;display:none}
.result.show{display:block}
.result.ok{background:#e8f5e9;border:1px solid #66bb6a}
.result.bad{background:#fff3e0;border:1px solid #ffa726}
.result.gone{background:#fdecea;border:1px solid #e57373}
.result strong{display:block;font-size:17px}
.hint{color:#646a73;font-size:13px;margin:8px 0 0}
.count{color:#646a73;font-size:14px;margin:10px 0 0}
section.unit{background:#fff;border-radius:8px;padding:8px 16px 16px;margin-bottom:16px;box-shadow:0 1px 2px rgba(0,0,0,.06)}
section.unit>h2{font-size:19px;margin:8px 0;padding-bottom:6px;border-bottom:2px solid #b71c1c}
.platforms{display:grid;grid-template-columns:repeat(auto-fill,minmax(340px,1fr));gap:0 16px}
.platform h3{font-size:15px;color:#646a73;margin:12px 0 6px;display:flex;align-items:center;gap:6px}
.platform-icon{flex:none;vertical-align:-4px}
li.account dd .platform-icon{margin-right:4px;width:16px;height:16px}
ul.accounts{list-style:none;margin:0;padding:0;display:grid;grid-template-columns:minmax(0,1fr);gap:12px}
li.account{display:flex;gap:12px;border:1px solid #e5e6eb;border-radius:6px;padding:12px;align-items:flex-start}
li.account .info{flex:1;min-width:0}
li.account .name{font-weight:600;font-size:17px}
li.account dl{margin:4px 0;display:grid;grid-template-columns:auto 1fr;gap:0 8px;font-size:14px}
li.account dt{color:#646a73}
li.account dd{margin:0;overflow-wrap:anywhere}
li.account a.home{display:inline-block;margin-top:4px;color:#1a5fb4;overflow-wrap:anywhere}
figure.qr{margin:0;width:104px;flex:0 0 104px;text-align:center}
figure.qr svg{width:104px;height:104px;display:block}
figure.qr figcaption{font-size:12px;color:#646a73}
.empty{padding:24px;text-align:center;color:#646a73}
footer{max-width:1100px;margin:0 auto;padding:8px 16px 32px;color:#646a73;font-size:13px}
footer a{color:#1a5fb4}
[hidden]{display:none!important}
@media (max-width:720px){
 header.top h1{font-size:20px}
 main{padding:10px}
 .platforms{grid-template-columns:minmax(0,1fr)}
 form.row select,form.row button{flex:1 1 100%}
 figure.qr{width:84px;flex-basis:84px}
 figure.qr svg{width:84px;height:84px}
}
`;

/** Inline script: instant search over the rendered list, and verification through the JSON API. */
const SCRIPT = `
(function(){
  var input=document.getElementById('search-q');
  var count=document.getElementById('count');
  var empty=document.getElementById('no-match');
  function norm(s){return (s||'').toLowerCase().replace(/\\s+/g,'');}
  function filter(){
    var q=norm(input.value),shown=0;
    document.querySelectorAll('section.unit').forEach(function(unit){
      var unitShown=0;
      unit.querySelectorAll('.platform').forEach(function(group){
        var groupShown=0;
        group.querySelectorAll('li.account').forEach(function(li){
          var hit=!q||norm(li.getAttribute('data-search')).indexOf(q)>=0;
          li.hidden=!hit; if(hit){groupShown++;}
        });
        group.hidden=groupShown===0; unitShown+=groupShown;
      });
      unit.hidden=unitShown===0; shown+=unitShown;
    });
    count.textContent='共 '+shown+' 个账号';
    empty.hidden=shown!==0;
  }
  if(input){input.addEventListener('input',filter);}
  var form=document.getElementById('verify-form');
  var box=document.getElementById('verify-result');
  function show(kind,title,lines){
    box.className='result show '+kind; box.textContent='';
    var t=document.createElement('strong'); t.textContent=title; box.appendChild(t);
    lines.forEach(function(l){var p=document.createElement('div'); p.textContent=l; box.appendChild(p);});
  }
  form.addEventListener('submit',function(ev){
    ev.preventDefault();
    var value=document.getElementById('verify-input').value.trim();
    var platform=document.getElementById('verify-platform').value;
    if(!value){show('bad','请输入要核验的账号主页链接或账号ID',[]);return;}
    var qs=platform?('platform='+encodeURIComponent(platform)+'&id='+encodeURIComponent(value)):('url='+encodeURIComponent(value));
    show('bad','正在核验…',[]);
    fetch('/api/public/verify?'+qs,{headers:{'Accept':'application/json'}}).then(function(r){
      return r.json().then(function(body){return {status:r.status,body:body};});
    }).then(function(res){
      var b=res.body||{};
      if(res.status!==200){show('bad','无法核验',[b.message||('请求失败('+res.status+')')]);return;}
      if(b.verified){var a=b.account;
        show('ok','✔ 这是经登记的政务新媒体账号',['账号名称:'+a.name,'开设单位:'+a.unitName,'平台:'+a.platformName,'平台账号ID:'+(a.platformAccountId||'—'),'开设日期:'+(a.openedOn||'—')]);
      } else if(b.status==='impostor'){
        show('gone','✘ 这是已认定的假冒账号,并非政务新媒体账号',['账号名称:'+b.name,'平台:'+(b.platformName||b.platform),'认定日期:'+(b.recordedOn||'—'),'请勿相信其发布的信息,可通过本页名录查找官方账号。']);
      } else if(b.status==='deregistered'){
        show('gone','✘ 该账号已注销,不再是政务新媒体账号',['账号名称:'+b.name,'平台:'+(b.platformName||b.platform),'注销日期:'+(b.deregisteredOn||'—')]);
      } else {
        show('bad','未找到:该链接不属于本名录中的政务新媒体账号',['请核对链接,或通过本页名录查找官方账号。']);
      }
    }).catch(function(){show('bad','网络错误,请稍后再试',[]);});
  });
})();
`;

function verificationHtml(model: DirectoryPageModel): string {
  const v = model.verification;
  if (!v) return '<div id="verify-result" class="result" role="status" aria-live="polite"></div>';
  const r = v.result;
  let kind = 'bad';
  let title: string;
  let lines: string[] = [];
  if ('error' in r) title = `无法核验：${r.error}`;
  else if (r.verified) {
    kind = 'ok';
    title = '✔ 这是经登记的政务新媒体账号';
    lines = [
      `账号名称：${r.account.name}`,
      `开设单位：${r.account.unitName}`,
      `平台：${r.account.platformName}`,
      `平台账号ID:${r.account.platformAccountId ?? '—'}`,
      `开设日期：${r.account.openedOn ?? '—'}`,
    ];
  } else if ('status' in r && r.status === 'impostor') {
    kind = 'gone';
    title = '✘ 这是已认定的假冒账号，并非政务新媒体账号';
    lines = [`账号名称：${r.name}`, `平台：${r.platformName}`, `认定日期：${r.recordedOn ?? '—'}`, '请勿相信其发布的信息，可通过本页名录查找官方账号。'];
  } else if ('status' in r) {
    kind = 'gone';
    title = '✘ 该账号已注销，不再是政务新媒体账号';
    lines = [`账号名称：${r.name}`, `平台：${r.platformName}`, `注销日期：${r.deregisteredOn ?? '—'}`];
  } else {
    title = '未找到：该链接不属于本名录中的政务新媒体账号';
    lines = ['请核对链接，或通过本页名录查找官方账号。'];
  }
  return `<div id="verify-result" class="result show ${kind}" role="status" aria-live="polite"><strong>${escapeHtml(title)}</strong>${lines.map((l) => `<div>${escapeHtml(l)}</div>`).join('')}</div>`;
}

/** The platform's mark (平台图标) as inline SVG; nothing for a code the registry does not know. */
function platformMark(code: string): string {
  const platform = platformRegistry.get(code);
  return platform ? iconSvg(platform.icon) : '';
}

function accountHtml(account: PublicAccount, qrCodes: Map<string, string>): string {
  const search = [account.name, account.unitName, account.platformName, account.platformAccountId ?? ''].join(' ');
  const home = account.homepageUrl && /^https?:\/\//i.test(account.homepageUrl) ? account.homepageUrl : null;
  const qr = home ? qrCodes.get(home) : undefined;
  return `<li class="account" data-search="${escapeHtml(search)}">
<div class="info"><div class="name">${escapeHtml(account.name)}</div>
<dl><dt>平台</dt><dd>${platformMark(account.platform)}${escapeHtml(account.platformName)}</dd><dt>账号ID</dt><dd>${escapeHtml(account.platformAccountId ?? '—')}</dd><dt>开设日期</dt><dd>${escapeHtml(account.openedOn ?? '—')}</dd></dl>
${home ? `<a class="home" href="${escapeHtml(home)}" target="_blank" rel="noopener noreferrer nofollow">访问账号主页</a>` : ''}</div>
${qr ? `<figure class="qr" aria-label="${escapeHtml(`${account.name} 二维码`)}">${qr}<figcaption>扫码访问</figcaption></figure>` : ''}
</li>`;
}

/** Accounts grouped by unit (in the order given), then by platform. */
function grouped(accounts: PublicAccount[]): Array<{ unitId: number; unitName: string; platforms: Array<{ code: string; name: string; accounts: PublicAccount[] }> }> {
  const units = new Map<number, { unitId: number; unitName: string; platforms: Map<string, { code: string; name: string; accounts: PublicAccount[] }> }>();
  for (const account of accounts) {
    let unit = units.get(account.unitId);
    if (!unit) units.set(account.unitId, (unit = { unitId: account.unitId, unitName: account.unitName, platforms: new Map() }));
    let platform = unit.platforms.get(account.platform);
    if (!platform) unit.platforms.set(account.platform, (platform = { code: account.platform, name: account.platformName, accounts: [] }));
    platform.accounts.push(account);
  }
  return [...units.values()].map((u) => ({ unitId: u.unitId, unitName: u.unitName, platforms: [...u.platforms.values()] }));
}

export function renderDirectoryPage(model: DirectoryPageModel): string {
  const { filter } = model;
  const option = (value: string, label: string, selected: boolean) => `<option value="${escapeHtml(value)}"${selected ? ' selected' : ''}>${escapeHtml(label)}</option>`;
  const groups = grouped(model.accounts);
  const exportQuery = new URLSearchParams();
  if (filter.unitId) exportQuery.set('unitId', String(filter.unitId));
  if (filter.platform) exportQuery.set('platform', filter.platform);
  if (filter.q) exportQuery.set('q', filter.q);
  const qs = exportQuery.toString() ? `?${exportQuery.toString()}` : '';
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>政务新媒体名录与账号核验</title>
<style>${STYLE}</style>
</head>
<body>
<header class="top"><h1>政务新媒体名录</h1><p>本名录公开本区各单位经审批开设、正在运营的政务新媒体账号。遇到自称“官方”的账号，可在下方核验真伪。</p></header>
<main>
<section class="panel" id="verify">
<h2>账号核验</h2>
<form id="verify-form" class="row" method="get" action="/directory" role="search">
<input id="verify-input" name="verify" type="text" inputmode="url" autocomplete="off" maxlength="2000" placeholder="粘贴账号主页链接，如 https://weibo.com/u/…" value="${escapeHtml(model.verification?.input ?? '')}" aria-label="账号主页链接或账号ID">
<select id="verify-platform" name="vplatform" aria-label="核验方式">${option('', '按主页链接核验', true)}${model.platforms.map((p) => option(p.value, `按${p.label}账号ID`, false)).join('')}</select>
<button type="submit">核验</button>
</form>
<p class="hint">支持微信公众号、微博、今日头条、抖音等平台的账号主页链接；也可选择平台后输入平台账号ID（如微信原始ID gh_…）。</p>
${verificationHtml(model)}
</section>
<section class="panel" id="search">
<h2>查找账号</h2>
<form id="search-form" class="row" method="get" action="/directory" role="search">
<input id="search-q" name="q" type="search" maxlength="50" placeholder="搜索单位、账号名称或账号ID" value="${escapeHtml(filter.q ?? '')}" aria-label="搜索">
<select name="unitId" aria-label="单位">${option('', '全部单位', !filter.unitId)}${model.units.map((u) => option(String(u.id), u.name, filter.unitId === u.id)).join('')}</select>
<select name="platform" aria-label="平台">${option('', '全部平台', !filter.platform)}${model.platforms.map((p) => option(p.value, p.label, filter.platform === p.value)).join('')}</select>
<button type="submit">搜索</button>
</form>
<p id="count" class="count">共 ${model.accounts.length} 个账号${model.truncated ? '（仅显示前一部分，请缩小范围）' : ''}</p>
</section>
<div id="directory">
${groups
  .map(
    (g) => `<section class="unit" data-unit-id="${g.unitId}"><h2>${escapeHtml(g.unitName)}</h2>
<div class="platforms">${g.platforms.map((p) => `<div class="platform"><h3>${platformMark(p.code)}${escapeHtml(p.name)}</h3><ul class="accounts">${p.accounts.map((a) => accountHtml(a, model.qrCodes)).join('\n')}</ul></div>`).join('\n')}</div>
</section>`,
  )
  .join('\n')}
<p id="no-match" class="panel empty"${model.accounts.length === 0 ? '' : ' hidden'}>没有符合条件的账号。</p>
</div>
</main>
<footer>数据更新于 ${escapeHtml(model.generatedOn)} · 下载名录：<a href="/api/public/accounts.csv${escapeHtml(qs)}">CSV</a> · <a href="/api/public/accounts.xlsx${escapeHtml(qs)}">Excel</a> · <a href="/api/public/embed.json">JSON（供网站嵌入）</a></footer>
<script>${SCRIPT}</script>
</body>
</html>`;
}

/** Content-Security-Policy sources for the page's only inline `<style>` and `<script>` (bootstrap.ts allows exactly these). */
export function directoryPageCspHashes(): { style: string; script: string } {
  const hash = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
  return { style: hash(STYLE), script: hash(SCRIPT) };
}
