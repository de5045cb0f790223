// The product tour: a tiny single-page app router on history.pushState / popstate.
(function () {
  'use strict';
  var ROUTES = {
    '/tour/': ['Overview', 'One script tag scores every visitor on their own device. Pick a step above.'],
    '/tour/integrations': ['Integrations', 'Send identify and lifecycle messages to any HTTPS endpoint, or any Segment-compatible source.'],
    '/tour/security': ['Security', 'Runs under a strict Content-Security-Policy; stores no e-mail or name at rest.'],
    '/tour/reports': ['Reports', 'First and last touch, sessions, phases and time in stage for every lead.'],
  };
  var view = document.getElementById('tour-view');

  function render(path) {
    var route = ROUTES[path] || ROUTES['/tour/'];
    view.textContent = '';
    var h2 = document.createElement('h2');
    h2.textContent = route[0];
    var p = document.createElement('p');
    p.textContent = route[1];
    view.append(h2, p);
    document.title = route[0] + ' · Product tour · Northwind Analytics';
    document.querySelectorAll('[data-route]').forEach(function (a) {
      if (a.getAttribute('href') === path) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    });
  }

  document.addEventListener('click', function (e) {
    var link = e.target.closest && e.target.closest('a[data-route]');
    if (!link || e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    var path = link.getAttribute('href');
    render(path); // title first, so the page_view mqlite records on pushState carries it
    history.pushState({ path: path }, '', path);
  });
  window.addEventListener('popstate', function () { render(location.pathname); });
  render(location.pathname);
})();
