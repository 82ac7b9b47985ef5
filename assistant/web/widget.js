/*!
 * 政策助手 — embeddable chat widget.
 *
 * One tag adds a launcher button and a chat panel to any page:
 *
 *   <script src="https://assistant.example.gov.cn/widget.js"
 *           data-api-base="" data-title="政策助手" data-greeting="您好！…"
 *           data-position="right" data-as-of=""></script>
 *
 * Vanilla JS, no build step, no dependencies, no external assets. Everything
 * lives in an open shadow root so the host page's CSS cannot reach it, and
 * everything the server sends is rendered as text (textContent / text nodes,
 * never innerHTML). The HTTP contract is design.md §5 (POST /api/chat) plus
 * POST /api/feedback. See web/README.md in the repository for embedding, events and keyboard use.
 */
(function () {
  'use strict';

  // Loaded twice (two tags, or a tag plus a dynamic insert): keep the first instance.
  if (window.PolicyAssistant || window.__policyAssistantLoading) return;
  window.__policyAssistantLoading = true;

  // Captured at load time so a host script that later wraps or replaces these
  // globals does not change how the widget talks to its server.
  var nativeFetch = window.fetch ? window.fetch.bind(window) : null;
  var storage = safeSessionStorage();

  var MAX_LEN = 500;
  var TIMEOUT_MS = 30000;
  var MAX_STORED_TURNS = 30;
  var SVG_NS = 'http://www.w3.org/2000/svg';

  // ---------------------------------------------------------------- config

  var script = document.currentScript || findOwnScript();
  var data = (script && script.dataset) || {};
  var config = {
    apiBase: trimSlash((data.apiBase || '').trim() || originOf(script && script.src) || location.origin),
    title: (data.title || '').trim() || '政策助手',
    subtitle: (data.subtitle || '').trim() || '依据政策原文作答',
    greeting: (data.greeting || '').trim() ||
      '您好！我是政策助手，可以为您解答惠企政策问题：是否符合条件、能获得多少支持、依据哪一条款、由哪个部门负责、截止到何时。',
    position: (data.position || '').trim() === 'left' ? 'left' : 'right',
    asOf: /^\d{4}-\d{2}-\d{2}$/.test((data.asOf || '').trim()) ? data.asOf.trim() : null,
    suggestions: (data.suggestions || '').split('|').map(function (s) { return s.trim(); }).filter(Boolean).slice(0, 4)
  };
  var LAUNCHER_TEXT = (data.launcherText || '').trim() || '政策咨询';
  var STORAGE_KEY = 'policy-assistant:v1:' + config.apiBase;

  function findOwnScript() {
    var scripts = document.querySelectorAll('script[src]');
    for (var i = scripts.length - 1; i >= 0; i--) {
      if (/widget\.js(?:[?#]|$)/.test(scripts[i].src)) return scripts[i];
    }
    return null;
  }

  function originOf(url) {
    try {
      var origin = new URL(url, location.href).origin;
      return origin && origin !== 'null' ? origin : null;
    } catch (e) {
      return null;
    }
  }

  function trimSlash(s) { return s.replace(/\/+$/, ''); }

  function safeSessionStorage() {
    try {
      var s = window.sessionStorage;
      s.setItem('policy-assistant:probe', '1');
      s.removeItem('policy-assistant:probe');
      return s;
    } catch (e) {
      return null; // disabled cookies, sandboxed iframe, private mode quota…
    }
  }

  // ---------------------------------------------------------------- DOM helpers

  /** Build an element. attrs: text → textContent, class → className, on* → listener. */
  function h(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (key) {
        var value = attrs[key];
        if (value === null || value === undefined || value === false) return;
        if (key === 'text') node.textContent = String(value);
        else if (key === 'class') node.className = value;
        else if (key.slice(0, 2) === 'on') node.addEventListener(key.slice(2), value);
        else node.setAttribute(key, value === true ? '' : String(value));
      });
    }
    (children || []).forEach(function (child) {
      if (child === null || child === undefined || child === false) return;
      node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return node;
  }

  // Material icon paths (our own constants, never server data).
  var ICONS = {
    chat: 'M20 2H4c-1.1 0-1.99.9-1.99 2L2 22l4-4h14c1.1 0 2-.9 2-2V4c0-1.1-.9-2-2-2zM6 9h12v2H6V9zm8 5H6v-2h8v2zm4-6H6V6h12v2z',
    close: 'M19 6.41L17.59 5 12 10.59 6.41 5 5 6.41 10.59 12 5 17.59 6.41 19 12 13.41 17.59 19 19 17.59 13.41 12z',
    send: 'M2.01 21L23 12 2.01 3 2 10l15 2-15 2z',
    refresh: 'M17.65 6.35A7.958 7.958 0 0012 4c-4.42 0-7.99 3.58-7.99 8s3.57 8 7.99 8c3.73 0 6.84-2.55 7.73-6h-2.08A5.99 5.99 0 0112 18c-3.31 0-6-2.69-6-6s2.69-6 6-6c1.66 0 3.14.69 4.22 1.78L13 11h7V4l-2.35 2.35z',
    copy: 'M16 1H4c-1.1 0-2 .9-2 2v14h2V3h12V1zm3 4H8c-1.1 0-2 .9-2 2v14c0 1.1.9 2 2 2h11c1.1 0 2-.9 2-2V7c0-1.1-.9-2-2-2zm0 16H8V7h11v14z',
    check: 'M9 16.17L4.83 12l-1.42 1.41L9 19 21 7l-1.41-1.41z',
    up: 'M1 21h4V9H1v12zm22-11c0-1.1-.9-2-2-2h-6.31l.95-4.57.03-.32c0-.41-.17-.79-.44-1.06L14.17 1 7.59 7.59C7.22 7.95 7 8.45 7 9v10c0 1.1.9 2 2 2h9c.83 0 1.54-.5 1.84-1.22l3.02-7.05c.09-.23.14-.47.14-.73v-2z',
    down: 'M15 3H6c-.83 0-1.54.5-1.84 1.22l-3.02 7.05c-.09.23-.14.47-.14.73v2c0 1.1.9 2 2 2h6.31l-.95 4.57-.03.32c0 .41.17.79.44 1.06L9.83 23l6.59-6.59c.36-.36.58-.86.58-1.41V5c0-1.1-.9-2-2-2zm4 0v12h4V3h-4z',
    expand: 'M16.59 8.59L12 13.17 7.41 8.59 6 10l6 6 6-6z',
    info: 'M12 2C6.48 2 2 6.48 2 12s4.48 10 10 10 10-4.48 10-10S17.52 2 12 2zm1 15h-2v-6h2v6zm0-8h-2V7h2v2z',
    error: 'M11 15h2v2h-2zm0-8h2v6h-2zm.99-5C6.47 2 2 6.48 2 12s4.47 10 9.99 10C17.52 22 22 17.52 22 12S17.52 2 11.99 2zM12 20c-4.42 0-8-3.58-8-8s3.58-8 8-8 8 3.58 8 8-3.58 8-8 8z'
  };

  function icon(name) {
    var svg = document.createElementNS(SVG_NS, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    var path = document.createElementNS(SVG_NS, 'path');
    path.setAttribute('d', ICONS[name]);
    svg.appendChild(path);
    return svg;
  }

  var idCounter = 0;
  function uid(prefix) { idCounter += 1; return 'pa-' + prefix + '-' + idCounter; }

  // ---------------------------------------------------------------- text formatting

  // Amounts in answer text: "100万元", "1,000,000元", "20.5万元", "3亿元".
  // 〔…〕 are the inline measure markers the server puts after a claim.
  var TOKEN_RE = /((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s?(?:千|万|亿)?元)|(〔[^〔〕\n]{1,60}〕)/g;

  /** Append `text` to `parent` as text nodes, wrapping amounts and 〔…〕 markers. */
  function appendRichText(parent, text) {
    var last = 0;
    var match;
    TOKEN_RE.lastIndex = 0;
    while ((match = TOKEN_RE.exec(text)) !== null) {
      if (match.index > last) parent.appendChild(document.createTextNode(text.slice(last, match.index)));
      if (match[1]) parent.appendChild(h('strong', { class: 'amount', text: match[1] }));
      else parent.appendChild(h('span', { class: 'ref', text: match[2] }));
      last = match.index + match[0].length;
    }
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
  }

  // Money, ranges, measure labels and calculation steps are the server's display strings
  // (amount_text, amount_note, headline, measure_label, label, trace): never formatted here.

  /** The server's display label of a cited measure (第2条, 四、(一), 施行与有效期). */
  function citationLabel(citation) {
    var label = asText(citation.label) || asText(citation.measure);
    var title = typeof citation.title === 'string' ? citation.title.trim() : '';
    return [label, title === label ? '' : title].filter(Boolean).join(' ');
  }

  function chipText(citation) {
    return '〔' + citationLabel(citation) + '〕';
  }

  function asText(value) {
    if (value === null || value === undefined) return '';
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    if (typeof value === 'object') {
      var preferred = value.text || value.step || value.description || value.detail;
      if (typeof preferred === 'string') return preferred;
      try { return JSON.stringify(value); } catch (e) { return String(value); }
    }
    return String(value);
  }

  function asArray(value) { return Array.isArray(value) ? value : []; }

  // ---------------------------------------------------------------- styles

  var CSS = [
    ':host{all:initial !important;}',
    '*,*::before,*::after{box-sizing:border-box;}',
    '[hidden]{display:none !important;}',
    '.root{font-family:-apple-system,BlinkMacSystemFont,"Segoe UI","PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei",sans-serif;',
    '  font-size:14px;line-height:1.6;color:#1f2933;text-align:left;-webkit-font-smoothing:antialiased;-webkit-text-size-adjust:100%;}',
    '.sr-only{position:absolute !important;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0;}',
    'button{font:inherit;color:inherit;margin:0;cursor:pointer;-webkit-tap-highlight-color:transparent;}',
    'button:disabled{cursor:not-allowed;}',
    ':focus{outline:none;}',
    ':focus-visible{outline:3px solid #c2410c;outline-offset:2px;}',
    'svg{display:block;width:20px;height:20px;fill:currentColor;flex:none;}',
    'p{margin:0;}',

    /* launcher */
    '.launcher{position:fixed;bottom:24px;right:24px;z-index:2147483000;display:flex;align-items:center;gap:8px;height:52px;padding:0 20px 0 16px;',
    '  border:2px solid #fff;border-radius:26px;background:#0b4a8b;color:#fff;font-size:15px;font-weight:600;letter-spacing:.5px;',
    '  box-shadow:0 6px 20px rgba(11,40,80,.30);transition:background-color .15s,transform .15s;}',
    '.launcher:hover{background:#083a6e;transform:translateY(-1px);}',
    '.launcher svg{width:22px;height:22px;}',
    '.left .launcher{left:24px;right:auto;}',

    /* panel */
    '.panel{position:fixed;bottom:90px;right:24px;z-index:2147483001;width:400px;max-width:calc(100vw - 32px);height:640px;max-height:calc(100vh - 114px);',
    '  display:flex;flex-direction:column;background:#fff;border-radius:12px;overflow:hidden;',
    '  box-shadow:0 16px 48px rgba(15,35,65,.28),0 0 0 1px rgba(15,35,65,.10);animation:pa-in .18s ease-out;}',
    '.left .panel{left:24px;right:auto;}',
    '@keyframes pa-in{from{opacity:0;transform:translateY(10px);}to{opacity:1;transform:none;}}',
    '.header{flex:none;display:flex;align-items:center;gap:10px;padding:10px 8px 10px 14px;color:#fff;',
    '  background:linear-gradient(180deg,#0d5198,#0a437f);border-top:4px solid #b8242a;}',
    '.emblem{flex:none;width:36px;height:36px;border-radius:50%;background:#fff;color:#b8242a;display:flex;align-items:center;justify-content:center;',
    '  font-size:17px;font-weight:700;box-shadow:inset 0 0 0 2px #d9a93b;}',
    '.titles{flex:1;min-width:0;}',
    '.title{margin:0;font-size:16px;font-weight:700;line-height:1.35;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;}',
    '.subtitle{display:flex;align-items:center;gap:6px;font-size:12px;line-height:1.4;color:#dbe6f3;}',
    '.subtitle::before{content:"";width:7px;height:7px;border-radius:50%;background:#5ee08a;flex:none;}',
    '.icon-btn{flex:none;width:38px;height:38px;display:flex;align-items:center;justify-content:center;border:0;border-radius:8px;background:transparent;color:#fff;}',
    '.icon-btn:hover{background:rgba(255,255,255,.16);}',
    '.header :focus-visible{outline:2px solid #fff;outline-offset:0;}',

    /* log */
    '.log{position:relative;flex:1;min-height:0;overflow-y:auto;overflow-x:hidden;overscroll-behavior:contain;padding:16px 14px 12px;',
    '  background:#f2f5f9;display:flex;flex-direction:column;gap:12px;}',
    '.msg{min-width:0;}',
    '.user{align-self:flex-end;max-width:85%;padding:9px 13px;border-radius:14px 14px 4px 14px;background:#0b4a8b;color:#fff;',
    '  white-space:pre-wrap;overflow-wrap:anywhere;}',
    '.bot{align-self:stretch;padding:12px 14px;border:1px solid #dfe5ec;border-radius:4px 14px 14px 14px;background:#fff;',
    '  box-shadow:0 1px 2px rgba(15,35,65,.05);}',
    '.answer p{margin:0 0 6px;overflow-wrap:anywhere;white-space:pre-wrap;}',
    '.answer p:last-child{margin-bottom:0;}',
    '.amount{color:#b8242a;font-weight:700;background:#fcecec;border-radius:3px;padding:0 2px;white-space:nowrap;}',
    '.ref{color:#0b4a8b;}',
    '.label{margin:12px 0 6px;font-size:12px;font-weight:600;color:#5b6572;}',

    /* suggestions and follow-ups */
    '.suggest{display:flex;flex-direction:column;align-items:flex-start;gap:6px;margin-top:10px;}',
    '.fu{max-width:100%;padding:5px 12px;border:1px solid #c4d3e5;border-radius:16px;background:#fff;color:#0b4a8b;font-size:13px;',
    '  line-height:1.5;text-align:left;overflow-wrap:anywhere;transition:background-color .15s,border-color .15s;}',
    '.fu:hover:not(:disabled){background:#edf3fa;border-color:#0b4a8b;}',
    '.fu:disabled{opacity:.55;}',

    /* citations */
    '.chips{display:flex;flex-wrap:wrap;gap:6px;}',
    '.chip{display:inline-flex;align-items:center;gap:2px;max-width:100%;padding:3px 6px 3px 8px;border:1px solid #b7c8de;border-radius:14px;',
    '  background:#eef4fb;color:#0b4a8b;font-size:13px;line-height:1.45;text-align:left;overflow-wrap:anywhere;}',
    '.chip:hover{background:#e0ebf7;}',
    '.chip[aria-expanded="true"]{background:#0b4a8b;border-color:#0b4a8b;color:#fff;}',
    '.chip svg{width:16px;height:16px;}',
    '.toggle svg{width:18px;height:18px;}',
    '.chip[aria-expanded="true"] svg,.toggle[aria-expanded="true"] svg{transform:rotate(180deg);}',
    '.quote{margin-top:8px;padding:8px 12px;border-left:3px solid #0b4a8b;border-radius:0 6px 6px 0;background:#f5f8fc;font-size:13px;}',
    '.quote-source{margin-bottom:4px;font-size:12px;color:#5b6572;overflow-wrap:anywhere;}',
    '.quote blockquote{margin:0;color:#1f2933;overflow-wrap:anywhere;white-space:pre-wrap;}',

    /* calculation */
    '.calc{margin-top:12px;padding:10px 12px;border:1px solid #efd3d4;border-radius:8px;background:#fffafa;}',
    '.calc-head{display:flex;flex-wrap:wrap;align-items:baseline;gap:4px 10px;}',
    '.calc-label{font-size:12px;font-weight:600;color:#5b6572;}',
    '.calc-total{font-size:20px;font-weight:700;line-height:1.3;color:#b8242a;white-space:nowrap;}',
    '.calc-sub{font-size:12px;color:#5b6572;}',
    '.calc-tag{font-size:12px;font-weight:600;color:#8a5a00;background:#fff4d6;border:1px solid #f0d9a0;border-radius:10px;padding:1px 8px;white-space:nowrap;}',
    '.fb-form{display:flex;flex-direction:column;gap:6px;margin-top:6px;}',
    '.fb-comment{width:100%;box-sizing:border-box;font:inherit;font-size:13px;padding:6px 8px;border:1px solid #cbd5e1;border-radius:6px;resize:vertical;}',
    '.fb-buttons{display:flex;justify-content:flex-end;gap:6px;}',
    '.calc-items{list-style:none;margin:6px 0 0;padding:0;font-size:13px;}',
    '.calc-items li{display:flex;justify-content:space-between;align-items:baseline;gap:10px;padding:4px 0;border-top:1px dashed #ead6d7;}',
    '.calc-items .item-label{min-width:0;overflow-wrap:anywhere;}',
    '.calc-items .item-amount{flex:none;font-weight:700;color:#b8242a;}',
    '.calc-items .pending{font-weight:400;color:#5b6572;}',
    '.calc-notes{list-style:none;margin:6px 0 0;padding:0;font-size:12px;color:#5b6572;}',
    '.toggle{display:inline-flex;align-items:center;gap:2px;margin-top:6px;padding:3px 4px 3px 0;border:0;border-radius:4px;background:none;',
    '  color:#0b4a8b;font-size:13px;font-weight:600;}',
    '.toggle:hover{text-decoration:underline;}',
    '.trace{margin-top:4px;padding:8px 10px;border:1px solid #ead6d7;border-radius:6px;background:#fff;font-size:12.5px;color:#334155;}',
    '.trace ol{margin:0;padding-left:20px;}',
    '.trace li{margin:2px 0;overflow-wrap:anywhere;}',

    /* caveats */
    '.notice{display:flex;gap:8px;margin-top:12px;padding:8px 10px;border:1px solid #f0dca0;border-radius:6px;background:#fff8e5;',
    '  font-size:12.5px;line-height:1.55;color:#5a4300;}',
    '.notice svg{width:16px;height:16px;margin-top:2px;color:#a16207;}',
    '.notice ul{list-style:none;margin:0;padding:0;min-width:0;}',
    '.notice li{overflow-wrap:anywhere;}',
    '.notice li+li{margin-top:4px;}',

    /* actions */
    '.actions{display:flex;flex-wrap:wrap;align-items:center;gap:4px;margin-top:10px;padding-top:8px;border-top:1px solid #edf0f4;}',
    '.act{display:inline-flex;align-items:center;gap:4px;height:30px;padding:0 8px;border:1px solid transparent;border-radius:6px;',
    '  background:none;color:#5b6572;font-size:12.5px;}',
    '.act:hover:not(:disabled){background:#f0f3f7;color:#1f2933;}',
    '.act svg{width:16px;height:16px;}',
    '.act[aria-pressed="true"]{background:#e6eff9;border-color:#c4d3e5;color:#0b4a8b;}',
    '.act:disabled:not([aria-pressed="true"]){opacity:.45;}',
    '.spacer{flex:1;}',
    '.fb-status{font-size:12px;color:#5b6572;}',

    /* typing, error */
    '.typing{align-self:flex-start;display:flex;align-items:center;gap:10px;padding:10px 14px;border:1px solid #dfe5ec;',
    '  border-radius:4px 14px 14px 14px;background:#fff;color:#5b6572;font-size:13px;}',
    '.dots{display:flex;gap:4px;}',
    '.dots span{width:7px;height:7px;border-radius:50%;background:#0b4a8b;animation:pa-blink 1.2s infinite ease-in-out;}',
    '.dots span:nth-child(2){animation-delay:.15s;}',
    '.dots span:nth-child(3){animation-delay:.3s;}',
    '@keyframes pa-blink{0%,80%,100%{opacity:.25;transform:translateY(0);}40%{opacity:1;transform:translateY(-3px);}}',
    '.error{align-self:stretch;display:flex;gap:8px;align-items:flex-start;padding:10px 12px;border:1px solid #efc2c4;border-radius:8px;',
    '  background:#fdf1f1;color:#8a1c21;font-size:13.5px;}',
    '.error svg{margin-top:1px;}',
    '.error-body{flex:1;min-width:0;overflow-wrap:anywhere;}',
    '.retry{margin-top:6px;padding:3px 12px;border:1px solid #b8242a;border-radius:6px;background:#fff;color:#b8242a;font-size:13px;}',
    '.retry:hover{background:#fbe5e6;}',

    /* composer */
    '.composer{flex:none;padding:10px 12px 8px;border-top:1px solid #e1e7ee;background:#fff;',
    '  padding-bottom:max(8px,env(safe-area-inset-bottom));}',
    '.input-row{display:flex;align-items:flex-end;gap:8px;}',
    'textarea{flex:1;min-width:0;min-height:42px;max-height:120px;margin:0;padding:9px 12px;resize:none;border:1px solid #c3cedb;border-radius:10px;',
    '  background:#fff;color:#1f2933;font:inherit;font-size:15px;line-height:1.5;overflow-y:auto;}',
    'textarea::placeholder{color:#6b7480;opacity:1;}',
    'textarea:focus-visible{outline:2px solid #0b4a8b;outline-offset:0;border-color:#0b4a8b;}',
    '.send{flex:none;width:42px;height:42px;display:flex;align-items:center;justify-content:center;border:0;border-radius:10px;',
    '  background:#0b4a8b;color:#fff;transition:background-color .15s;}',
    '.send:hover:not(:disabled){background:#083a6e;}',
    '.send:disabled{background:#d3dae3;color:#6b7480;}',
    '.meta{display:flex;justify-content:space-between;gap:8px;margin-top:5px;font-size:12px;color:#5b6572;}',
    '.counter.warn{color:#b8242a;font-weight:600;}',
    '.disclaimer{margin-top:2px;font-size:11.5px;color:#5b6572;text-align:center;}',

    /* phones: the panel takes the whole screen */
    '@media (max-width:480px){',
    '  .launcher,.left .launcher{bottom:16px;right:16px;left:auto;}',
    '  .left .launcher{left:16px;right:auto;}',
    '  .launcher[aria-expanded="true"]{display:none;}',
    '  .panel,.left .panel{top:0;right:0;bottom:0;left:0;width:100%;max-width:none;height:100%;max-height:none;border-radius:0;}',
    '  .log{padding:12px 10px 10px;}',
    '  textarea{font-size:16px;}',
    '  .kbd-hint{display:none;}',
    '}',
    '@media (prefers-reduced-motion:reduce){*{animation:none !important;transition:none !important;}}',
    '@media (forced-colors:active){.chip,.fu,.act,.bot,.user,.send,.launcher{border:1px solid CanvasText;}}',
    '@media print{.root{display:none;}}'
  ].join('\n');

  function adoptStyles(shadow) {
    // Constructable stylesheets are not blocked by a host page's CSP style-src;
    // fall back to a <style> element where they are not supported.
    try {
      if ('adoptedStyleSheets' in Document.prototype && typeof CSSStyleSheet.prototype.replaceSync === 'function') {
        var sheet = new CSSStyleSheet();
        sheet.replaceSync(CSS);
        shadow.adoptedStyleSheets = [sheet];
        return;
      }
    } catch (e) { /* fall through */ }
    shadow.appendChild(h('style', { text: CSS }));
  }

  // ---------------------------------------------------------------- widget

  var hostEl, shadow, root, launcher, panel, log, input, sendBtn, counter, composer;
  var greetingEl = null;
  var typingEl = null;
  var busy = false;
  var generation = 0; // bumped by reset(): late responses of an old conversation are dropped
  var returnFocusTo = null;
  var session = loadSession(); // {state: string|null, turns: [{q, r, rating}]}

  function loadSession() {
    var empty = { state: null, turns: [] };
    if (!storage) return empty;
    try {
      var saved = JSON.parse(storage.getItem(STORAGE_KEY) || 'null');
      if (!saved || typeof saved !== 'object') return empty;
      return {
        state: typeof saved.state === 'string' ? saved.state : null,
        turns: asArray(saved.turns).filter(function (t) { return t && typeof t.q === 'string' && t.r && typeof t.r === 'object'; })
      };
    } catch (e) {
      return empty;
    }
  }

  function saveSession() {
    if (!storage) return;
    session.turns = session.turns.slice(-MAX_STORED_TURNS);
    try {
      storage.setItem(STORAGE_KEY, JSON.stringify(session));
    } catch (e) {
      try { storage.setItem(STORAGE_KEY, JSON.stringify({ state: session.state, turns: [] })); } catch (e2) { /* full */ }
    }
  }

  function emit(name, detail) {
    try {
      hostEl.dispatchEvent(new CustomEvent('policy-assistant:' + name, { bubbles: true, detail: detail || {} }));
    } catch (e) { /* a host listener threw: not our problem */ }
  }

  function build() {
    hostEl = document.createElement('policy-assistant-widget');
    hostEl.id = 'policy-assistant';
    hostEl.setAttribute('data-testid', 'host');
    shadow = hostEl.attachShadow({ mode: 'open' });
    adoptStyles(shadow);

    var panelId = uid('panel');
    var titleId = uid('title');
    var counterId = uid('counter');

    launcher = h('button', {
      type: 'button', class: 'launcher', 'data-testid': 'launcher',
      'aria-label': LAUNCHER_TEXT + '：打开' + config.title, 'aria-expanded': 'false', 'aria-controls': panelId,
      onclick: function () { if (panel.hidden) open(); else close(); }
    }, [icon('chat'), h('span', { text: LAUNCHER_TEXT })]);

    log = h('div', {
      class: 'log', 'data-testid': 'log', role: 'log', 'aria-live': 'polite', 'aria-relevant': 'additions',
      'aria-label': '对话记录', tabindex: '0'
    });

    input = h('textarea', {
      'data-testid': 'input', rows: '1', maxlength: String(MAX_LEN), 'aria-label': '输入您的问题',
      'aria-describedby': counterId, placeholder: '请输入您的问题',
      enterkeyhint: 'send', autocomplete: 'off',
      oninput: onInput, onkeydown: onInputKeydown
    });
    sendBtn = h('button', { type: 'submit', class: 'send', 'data-testid': 'send', 'aria-label': '发送', disabled: true }, [icon('send')]);
    counter = h('span', { class: 'counter', id: counterId, 'data-testid': 'counter', text: '0/' + MAX_LEN });

    composer = h('form', { class: 'composer', novalidate: true, onsubmit: function (e) { e.preventDefault(); sendFromInput(); } }, [
      h('div', { class: 'input-row' }, [input, sendBtn]),
      h('div', { class: 'meta' }, [h('span', { class: 'kbd-hint', text: 'Enter 发送，Shift+Enter 换行' }), h('span', { class: 'spacer' }), counter]),
      h('p', { class: 'disclaimer', text: '回答依据政策原文生成，仅供参考，以正式印发文件为准' })
    ]);

    panel = h('section', {
      id: panelId, class: 'panel', 'data-testid': 'panel', role: 'dialog', 'aria-modal': 'false',
      'aria-label': config.title, hidden: true
    }, [
      h('div', { class: 'header' }, [
        h('span', { class: 'emblem', 'aria-hidden': 'true', text: '政' }),
        h('div', { class: 'titles' }, [
          h('h2', { class: 'title', id: titleId, text: config.title }),
          h('p', { class: 'subtitle', text: config.subtitle })
        ]),
        h('button', { type: 'button', class: 'icon-btn', 'data-testid': 'new-chat', 'aria-label': '开始新对话', title: '开始新对话', onclick: reset }, [icon('refresh')]),
        h('button', { type: 'button', class: 'icon-btn', 'data-testid': 'close', 'aria-label': '关闭' + config.title, title: '关闭（Esc）', onclick: close }, [icon('close')])
      ]),
      log,
      composer
    ]);

    root = h('div', { class: 'root ' + config.position, 'data-testid': 'root' }, [launcher, panel]);
    // Keep key presses typed into the widget away from the host page's own
    // shortcuts (e.g. a site search bound to "/"), and handle Escape.
    ['keydown', 'keyup', 'keypress'].forEach(function (type) {
      root.addEventListener(type, function (e) {
        if (type === 'keydown' && e.key === 'Escape' && !e.isComposing && !panel.hidden) {
          e.preventDefault();
          close();
        }
        e.stopPropagation();
      });
    });
    shadow.appendChild(root);
    document.body.appendChild(hostEl);

    renderGreeting();
    try {
      session.turns.forEach(function (turn) {
        var answerEl = renderAnswer(turn.r, turn);
        log.appendChild(renderUser(turn.q));
        log.appendChild(answerEl);
      });
    } catch (e) {
      // A stored transcript this version cannot render: drop it, keep the widget usable.
      session = { state: null, turns: [] };
      saveSession();
      while (log.firstChild) log.removeChild(log.firstChild);
      renderGreeting();
    }
  }

  // ---------------------------------------------------------------- open / close

  function open() {
    if (!panel.hidden) { input.focus(); return; }
    var active = document.activeElement;
    returnFocusTo = active && active !== document.body && active !== hostEl ? active : launcher;
    panel.hidden = false;
    launcher.setAttribute('aria-expanded', 'true');
    launcher.setAttribute('aria-label', LAUNCHER_TEXT + '：关闭' + config.title);
    log.scrollTop = log.scrollHeight;
    input.focus({ preventScroll: true });
    emit('open');
  }

  function close() {
    if (panel.hidden) return;
    panel.hidden = true;
    launcher.setAttribute('aria-expanded', 'false');
    launcher.setAttribute('aria-label', LAUNCHER_TEXT + '：打开' + config.title);
    var target = returnFocusTo && returnFocusTo.isConnected ? returnFocusTo : launcher;
    returnFocusTo = null;
    try { target.focus({ preventScroll: true }); } catch (e) { launcher.focus(); }
    emit('close');
  }

  function reset() {
    generation += 1;
    busy = false;
    session = { state: null, turns: [] };
    saveSession();
    while (log.firstChild) log.removeChild(log.firstChild);
    typingEl = null;
    renderGreeting();
    updateSendState();
    input.focus();
    emit('reset');
  }

  // ---------------------------------------------------------------- input

  function onInput() {
    if (input.value.length > MAX_LEN) input.value = input.value.slice(0, MAX_LEN);
    var n = input.value.length;
    counter.textContent = n + '/' + MAX_LEN;
    counter.classList.toggle('warn', n >= MAX_LEN - 50);
    // Grow with the text up to ~4 lines; an empty box goes back to one line.
    input.style.height = '';
    if (n) input.style.height = Math.min(input.scrollHeight + 2, 120) + 'px';
    updateSendState();
  }

  function onInputKeydown(e) {
    // Enter sends; Shift+Enter is a newline; never send while an IME is composing
    // (Chinese input confirms candidates with Enter).
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
      e.preventDefault();
      sendFromInput();
    }
  }

  function updateSendState() {
    sendBtn.disabled = busy || input.value.trim() === '';
    var buttons = log.querySelectorAll('.fu');
    for (var i = 0; i < buttons.length; i++) buttons[i].disabled = busy;
  }

  function sendFromInput() {
    var text = input.value.trim();
    if (!text || busy) return;
    input.value = '';
    onInput();
    ask(text);
  }

  // ---------------------------------------------------------------- network

  function postJSON(path, body) {
    if (!nativeFetch) return Promise.resolve({ kind: 'network' });
    var ctrl = typeof AbortController === 'function' ? new AbortController() : null;
    var timer = ctrl ? setTimeout(function () { ctrl.abort(); }, TIMEOUT_MS) : null;
    return nativeFetch(config.apiBase + path, {
      method: 'POST',
      mode: 'cors',
      credentials: 'omit',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body),
      signal: ctrl ? ctrl.signal : undefined
    }).then(function (resp) {
      return resp.text().then(function (text) {
        var parsed = null;
        try { parsed = text ? JSON.parse(text) : null; } catch (e) { parsed = null; }
        return { kind: 'http', status: resp.status, ok: resp.ok, data: parsed };
      });
    }, function (err) {
      return { kind: err && err.name === 'AbortError' ? 'timeout' : 'network' };
    }).then(function (result) {
      if (timer) clearTimeout(timer);
      return result;
    });
  }

  function describeFailure(result) {
    if (result.kind === 'timeout') return '服务响应超时，请稍后重试。';
    if (result.kind === 'network') return '暂时无法连接政策助手服务，请检查网络后重试。';
    var body = result.data;
    if (result.status >= 400 && result.status < 500 && body && typeof body.message === 'string' && body.message.trim()) {
      return body.message.trim();
    }
    if (result.status === 429) return '提问过于频繁，请稍后再试。';
    if (result.status >= 400 && result.status < 500) return '问题未能提交（错误 ' + result.status + '），请修改后重试。';
    if (result.ok) return '服务返回了无法识别的内容，请稍后重试。';
    return '服务暂时不可用（错误 ' + result.status + '），请稍后重试。';
  }

  function isChatResponse(body) {
    return body && typeof body === 'object' && typeof body.answer === 'string';
  }

  function ask(question) {
    question = String(question || '').trim().slice(0, MAX_LEN);
    if (!question || busy) return;
    if (panel.hidden) open();
    var myGeneration = generation;
    busy = true;
    updateSendState();
    var userEl = renderUser(question);
    log.appendChild(userEl);
    showTyping();

    postJSON('/api/chat', { message: question, state: session.state, as_of: config.asOf }).then(function (result) {
      if (myGeneration !== generation) return;
      hideTyping();
      busy = false;
      var response = result.kind === 'http' && result.ok && isChatResponse(result.data) ? result.data : null;
      var turn = response ? { q: question, r: response, rating: 0 } : null;
      var answerEl = null;
      if (response) {
        try {
          answerEl = renderAnswer(response, turn);
        } catch (e) {
          result = { kind: 'http', status: result.status, ok: true, data: null }; // malformed body
        }
      }
      if (answerEl) {
        if (typeof response.state === 'string' && response.state) session.state = response.state;
        session.turns.push(turn);
        saveSession();
        log.appendChild(answerEl);
        scrollToMessage(answerEl);
        emit('answer', { question: question, intent: response.intent || null, citations: asArray(response.citations).length });
      } else {
        var message = describeFailure(result);
        var code = result.data && typeof result.data.code === 'string' ? result.data.code : null;
        var retryable = result.kind !== 'http' || result.status >= 500 || result.status === 429;
        if (result.kind === 'http' && result.status >= 400 && result.status < 500 && code && /state|token/i.test(code)) {
          // The conversation token was rejected (expired or tampered): start afresh.
          session.state = null;
          saveSession();
          message = message.replace(/[。.！!]?$/, '。') + '已为您重新开始对话，请再次提问。';
          retryable = true;
        }
        var errorEl = renderError(message, retryable ? question : null, userEl);
        log.appendChild(errorEl);
        scrollToMessage(errorEl);
        emit('error', { question: question, status: result.status || null, code: code, message: message });
      }
      updateSendState();
    });
  }

  /** 👎 asks what was wrong (optional) before sending; 提交 or 跳过 both send the rating. */
  function askComment(turn, ui) {
    if (ui.form) { ui.form.querySelector('textarea').focus(); return; }
    var area = h('textarea', {
      class: 'fb-comment', 'data-testid': 'feedback-comment', maxlength: '1000', rows: '2',
      'aria-label': '哪里不对？（可选）', placeholder: '哪里不对？可以告诉我们（可选）'
    });
    function send(withComment) {
      var comment = withComment ? area.value.trim().slice(0, 1000) : '';
      if (ui.form && ui.form.parentNode) ui.form.parentNode.removeChild(ui.form);
      ui.form = null;
      sendFeedback(turn, -1, ui, comment || null);
    }
    ui.form = h('div', { class: 'fb-form', 'data-testid': 'feedback-form' }, [
      area,
      h('div', { class: 'fb-buttons' }, [
        h('button', { type: 'button', class: 'act', 'data-testid': 'feedback-skip', text: '跳过', onclick: function () { send(false); } }),
        h('button', { type: 'button', class: 'act primary', 'data-testid': 'feedback-submit', text: '提交', onclick: function () { send(true); } })
      ])
    ]);
    ui.actions.parentNode.insertBefore(ui.form, ui.actions.nextSibling);
    area.focus();
  }

  function sendFeedback(turn, rating, ui, comment) {
    ui.up.disabled = true;
    ui.down.disabled = true;
    (rating === 1 ? ui.up : ui.down).setAttribute('aria-pressed', 'true');
    ui.status.textContent = '正在提交…';
    var body = {
      state: typeof turn.r.state === 'string' ? turn.r.state : null,
      message: turn.q,
      answer: turn.r.answer,
      rating: rating,
      comment: comment || null
    };
    postJSON('/api/feedback', body).then(function (result) {
      if (result.kind === 'http' && result.ok) {
        turn.rating = rating;
        saveSession();
        ui.status.textContent = '感谢您的反馈';
        emit('feedback', { rating: rating });
      } else {
        ui.up.disabled = false;
        ui.down.disabled = false;
        ui.up.setAttribute('aria-pressed', 'false');
        ui.down.setAttribute('aria-pressed', 'false');
        ui.status.textContent = '反馈提交失败，请稍后再试';
      }
    });
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(function () { return true; }, function () { return legacyCopy(text); });
    }
    return Promise.resolve(legacyCopy(text));
  }

  function legacyCopy(text) {
    var area = h('textarea', { readonly: true, 'aria-hidden': 'true', tabindex: '-1' });
    area.value = text;
    area.style.position = 'fixed';
    area.style.top = '-1000px';
    area.style.opacity = '0';
    root.appendChild(area);
    var ok = false;
    try {
      area.select();
      ok = document.execCommand('copy');
    } catch (e) {
      ok = false;
    }
    root.removeChild(area);
    return ok;
  }

  // ---------------------------------------------------------------- rendering

  function renderGreeting() {
    var children = [h('p', { class: 'answer-p', text: config.greeting })];
    if (config.suggestions.length) {
      children.push(h('p', { class: 'label', text: '您可以这样问：' }));
      children.push(h('div', { class: 'suggest' }, config.suggestions.map(function (q) {
        return h('button', { type: 'button', class: 'fu', 'data-testid': 'suggestion', text: q, onclick: function () { ask(q); } });
      })));
    }
    greetingEl = h('div', { class: 'msg bot', 'data-testid': 'greeting' }, [
      h('span', { class: 'sr-only', text: config.title + '：' })
    ].concat(children));
    log.appendChild(greetingEl);
  }

  function renderUser(text) {
    return h('div', { class: 'msg user', 'data-testid': 'message', 'data-role': 'user' }, [
      h('span', { class: 'sr-only', text: '您：' }),
      text
    ]);
  }

  function renderAnswer(response, turn) {
    var card = h('div', {
      class: 'msg bot', 'data-testid': 'message', 'data-role': 'assistant',
      'data-intent': typeof response.intent === 'string' ? response.intent : null
    }, [h('span', { class: 'sr-only', text: config.title + '：' })]);

    var answer = h('div', { class: 'answer', 'data-testid': 'answer-text' });
    String(response.answer || '').split(/\n+/).forEach(function (line) {
      if (!line.trim()) return;
      var p = h('p');
      appendRichText(p, line);
      answer.appendChild(p);
    });
    card.appendChild(answer);

    var citations = asArray(response.citations).filter(function (c) { return c && typeof c === 'object'; });
    if (citations.length) card.appendChild(renderCitations(citations));
    if (response.calculation && typeof response.calculation === 'object') card.appendChild(renderCalculation(response.calculation));
    // A note the amount box already shows is not repeated among the caveats.
    var shown = response.calculation && typeof response.calculation === 'object' ? asArray(response.calculation.notes).map(asText) : [];
    var caveats = asArray(response.caveats).map(asText).filter(function (c) { return c && shown.indexOf(c) === -1; });
    if (caveats.length) card.appendChild(renderCaveats(caveats));
    card.appendChild(renderActions(response, turn, citations));
    var followUps = asArray(response.follow_up).map(asText).filter(Boolean);
    if (followUps.length) card.appendChild(renderFollowUps(followUps));
    return card;
  }

  function renderCitations(citations) {
    var chips = h('div', { class: 'chips' });
    var quotes = h('div', { class: 'quotes' });
    citations.forEach(function (c) {
      var quoteId = uid('quote');
      var label = citationLabel(c);
      var quote = h('div', { class: 'quote', id: quoteId, 'data-testid': 'citation-quote', hidden: true }, [
        h('div', { class: 'quote-source', text: [c.doc_title ? '《' + asText(c.doc_title).replace(/^《|》$/g, '') + '》' : '', label].filter(Boolean).join(' ') }),
        h('blockquote', { text: asText(c.quote) || '（未提供原文摘录）' })
      ]);
      var chip = h('button', {
        type: 'button', class: 'chip', 'data-testid': 'citation-chip', 'data-measure': asText(c.measure),
        'aria-expanded': 'false', 'aria-controls': quoteId,
        'aria-label': '政策依据 ' + label + '，展开原文',
        onclick: function () {
          var expanded = chip.getAttribute('aria-expanded') === 'true';
          chip.setAttribute('aria-expanded', expanded ? 'false' : 'true');
          chip.setAttribute('aria-label', chip.getAttribute('aria-label').replace(/，(展开|收起)原文$/, expanded ? '，展开原文' : '，收起原文'));
          quote.hidden = expanded;
          if (!expanded) ensureVisible(quote);
        }
      }, [h('span', { text: chipText(c) }), icon('expand')]);
      chips.appendChild(chip);
      quotes.appendChild(quote);
    });
    return h('div', { class: 'citations', 'data-testid': 'citations' }, [
      h('p', { class: 'label', text: '政策依据（点击查看原文）' }), chips, quotes
    ]);
  }

  function renderCalculation(calc) {
    var box = h('div', { class: 'calc', 'data-testid': 'calculation' });
    var head = h('div', { class: 'calc-head' }, [h('span', { class: 'calc-label', text: '测算金额' })]);
    var total = asText(calc.amount_text);
    var note = asText(calc.amount_note);
    if (asText(calc.status_tag)) {
      head.appendChild(h('span', { class: 'calc-tag', 'data-testid': 'calc-status', text: asText(calc.status_tag) }));
    }
    if (total) head.appendChild(h('strong', { class: 'calc-total', 'data-testid': 'calc-total', text: total }));
    // after a total its exact figure (（1000000元）), else what the range or its absence means
    if (note) head.appendChild(h('span', { class: 'calc-sub', 'data-testid': 'calc-note', text: typeof calc.total_yuan === 'number' ? '（' + note + '）' : note }));
    box.appendChild(head);

    var items = asArray(calc.items).filter(function (it) { return it && typeof it === 'object'; });
    if (items.length) {
      box.appendChild(h('ul', { class: 'calc-items' }, items.map(function (it) {
        var amount = asText(it.amount_text);
        var where = asText(it.measure_label) || asText(it.measure);
        var ref = where ? '〔' + where + '〕' : '';
        return h('li', null, [
          h('span', { class: 'item-label', text: asText(it.label) + ref }),
          amount ? h('span', { class: 'item-amount', text: amount }) : h('span', { class: 'item-amount pending', text: '按规定核定' })
        ]);
      })));
    }
    var notes = asArray(calc.notes).map(asText).filter(Boolean);
    if (notes.length) box.appendChild(h('ul', { class: 'calc-notes' }, notes.map(function (n) { return h('li', { text: '注：' + n }); })));

    // The trace is the calculator's own step list, shown as it comes.
    var steps = asArray(calc.trace).map(asText).filter(Boolean);
    if (steps.length) {
      var traceId = uid('trace');
      var traceBox = h('div', { class: 'trace', id: traceId, 'data-testid': 'trace', hidden: true }, [
        h('ol', null, steps.map(function (s) { return h('li', { text: s }); }))
      ]);
      var toggle = h('button', {
        type: 'button', class: 'toggle', 'data-testid': 'trace-toggle', 'aria-expanded': 'false', 'aria-controls': traceId,
        onclick: function () {
          var expanded = toggle.getAttribute('aria-expanded') === 'true';
          toggle.setAttribute('aria-expanded', expanded ? 'false' : 'true');
          toggle.firstChild.textContent = expanded ? '查看计算过程' : '收起计算过程';
          traceBox.hidden = expanded;
          if (!expanded) ensureVisible(traceBox);
        }
      }, [h('span', { text: '查看计算过程' }), icon('expand')]);
      box.appendChild(toggle);
      box.appendChild(traceBox);
    }
    return box;
  }

  function renderCaveats(caveats) {
    return h('div', { class: 'notice', role: 'note', 'aria-label': '提示', 'data-testid': 'caveats' }, [
      icon('info'),
      h('ul', null, caveats.map(function (c) { return h('li', { text: c }); }))
    ]);
  }

  function renderActions(response, turn, citations) {
    var status = h('span', { class: 'fb-status', 'aria-live': 'polite' });
    var copyLabel = h('span', { text: '复制' });
    var copyBtn = h('button', {
      type: 'button', class: 'act', 'data-testid': 'copy', 'aria-label': '复制回答', title: '复制回答',
      onclick: function () {
        var text = String(response.answer || '');
        if (citations.length) text += '\n政策依据：' + citations.map(chipText).join('');
        copyText(text).then(function (ok) {
          copyBtn.replaceChild(icon(ok ? 'check' : 'copy'), copyBtn.firstChild);
          copyLabel.textContent = ok ? '已复制' : '复制失败';
          setTimeout(function () {
            copyBtn.replaceChild(icon('copy'), copyBtn.firstChild);
            copyLabel.textContent = '复制';
          }, 2000);
        });
      }
    }, [icon('copy'), copyLabel]);
    var ui = { status: status };
    ui.up = h('button', {
      type: 'button', class: 'act', 'data-testid': 'feedback-up', 'aria-label': '回答有帮助', title: '有帮助', 'aria-pressed': 'false',
      onclick: function () { sendFeedback(turn, 1, ui); }
    }, [icon('up')]);
    ui.down = h('button', {
      type: 'button', class: 'act', 'data-testid': 'feedback-down', 'aria-label': '回答没有帮助', title: '没有帮助', 'aria-pressed': 'false',
      onclick: function () { askComment(turn, ui); }
    }, [icon('down')]);
    if (turn && (turn.rating === 1 || turn.rating === -1)) {
      (turn.rating === 1 ? ui.up : ui.down).setAttribute('aria-pressed', 'true');
      ui.up.disabled = true;
      ui.down.disabled = true;
      status.textContent = '感谢您的反馈';
    }
    ui.actions = h('div', { class: 'actions' }, [copyBtn, h('span', { class: 'spacer' }), status, ui.up, ui.down]);
    return ui.actions;
  }

  function renderFollowUps(questions) {
    return h('div', { class: 'followups' }, [
      h('p', { class: 'label', text: '您可能还想问' }),
      h('div', { class: 'suggest' }, questions.map(function (q) {
        return h('button', { type: 'button', class: 'fu', 'data-testid': 'follow-up', text: q, disabled: busy, onclick: function () { ask(q); } });
      }))
    ]);
  }

  function renderError(message, retryQuestion, userEl) {
    var body = h('div', { class: 'error-body' }, [h('p', { text: message })]);
    var box = h('div', { class: 'error', role: 'alert', 'data-testid': 'error' }, [icon('error'), body]);
    if (retryQuestion) {
      body.appendChild(h('button', {
        type: 'button', class: 'retry', 'data-testid': 'retry', text: '重试',
        onclick: function () {
          if (busy) return;
          if (box.parentNode) box.parentNode.removeChild(box);
          if (userEl && userEl.parentNode) userEl.parentNode.removeChild(userEl);
          ask(retryQuestion);
        }
      }));
    }
    return box;
  }

  function showTyping() {
    typingEl = h('div', { class: 'typing', 'data-testid': 'typing' }, [
      h('span', { class: 'dots', 'aria-hidden': 'true' }, [h('span'), h('span'), h('span')]),
      h('span', { text: '正在查阅政策原文…' })
    ]);
    log.appendChild(typingEl);
    log.scrollTop = log.scrollHeight;
  }

  function hideTyping() {
    if (typingEl && typingEl.parentNode) typingEl.parentNode.removeChild(typingEl);
    typingEl = null;
  }

  function scrollToMessage(node) {
    // Show the start of a new answer, not its end: answers can be long.
    log.scrollTop = Math.max(0, node.offsetTop - 12);
  }

  function ensureVisible(node) {
    var box = log.getBoundingClientRect();
    var r = node.getBoundingClientRect();
    if (r.bottom > box.bottom - 8) log.scrollTop += Math.min(r.bottom - box.bottom + 8, r.top - box.top - 8);
    else if (r.top < box.top) log.scrollTop -= box.top - r.top + 8;
  }

  // ---------------------------------------------------------------- start

  function start() {
    build();
    window.PolicyAssistant = Object.freeze({
      version: '1.0.0',
      open: open,
      close: close,
      toggle: function () { if (panel.hidden) open(); else close(); },
      ask: function (question) { ask(question); },
      reset: reset,
      element: hostEl
    });
    emit('ready', { apiBase: config.apiBase });
  }

  if (document.body) start();
  else document.addEventListener('DOMContentLoaded', start);
})();
