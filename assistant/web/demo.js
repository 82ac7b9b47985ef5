// The demo page's own scripts (kept out of the HTML: the page's CSP allows no inline script).
// Host-page scripts: a date, a global "/" shortcut for site search, and two
// buttons that drive the widget through its small public API.
document.getElementById('today').textContent = new Date().toLocaleDateString('zh-CN');
document.addEventListener('keydown', function (e) {
  if (e.key === '/' && !/^(INPUT|TEXTAREA)$/.test(e.target.tagName)) {
    e.preventDefault();
    document.getElementById('site-search').focus();
  }
});
document.getElementById('open-assistant').addEventListener('click', function () {
  if (window.PolicyAssistant) window.PolicyAssistant.open();
});
document.getElementById('ask-example').addEventListener('click', function () {
  if (window.PolicyAssistant) window.PolicyAssistant.ask('新认定的国家专精特新“小巨人”企业能拿多少奖励？');
});
