// The stand-in Jira page: lays out Jira's chrome for one of three kinds of module, frames the app's page and answers
// the AP calls that the stand-in all.js posts from inside it. What the app asked for is kept for the test to read:
// window.navigations, window.resizes, window.dialogs, window.tokenRequests, window.apErrors.
(function () {
  'use strict';

  var config = JSON.parse(document.getElementById('stand-in-config').textContent);
  var appOrigin = new URL(config.frameUrl).origin;
  window.navigations = [];
  window.resizes = [];
  window.dialogs = [];
  window.tokenRequests = 0;
  window.apErrors = [];

  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) {
      el.className = className;
    }
    if (text) {
      el.textContent = text;
    }
    return el;
  }

  var page = document.getElementById('jira-page');
  var frame = element('iframe', 'jira-app');
  frame.id = 'app-frame';
  frame.title = config.title;
  frame.src = config.frameUrl;

  if (config.layout === 'ADMIN') {
    var sidebar = element('nav', 'jira-sidebar');
    sidebar.setAttribute('aria-label', 'Apps');
    sidebar.append(element('h2', null, 'Apps'));
    ['Find new apps', 'Manage apps'].forEach(function (name) {
      var link = element('a', null, name);
      link.href = '#';
      sidebar.append(link);
    });
    sidebar.append(element('h2', null, 'Git Bridge for Jira'));
    var current = element('a', 'current', config.title);
    current.href = '#';
    sidebar.append(current);
    var content = element('main', 'jira-content');
    content.append(frame);
    page.append(sidebar, content);
  } else if (config.layout === 'ISSUE_GLANCE') {
    var issue = element('main', 'jira-content jira-issue');
    issue.append(element('div', 'jira-breadcrumbs', 'Projects / ' + config.issue.projectKey + ' / ' + config.issue.key));
    issue.append(element('h1', null, config.issue.summary));
    issue.append(element('h3', null, 'Description'));
    issue.append(element('p', null, 'Users cannot sign in after the last release.'));
    var side = element('aside', 'jira-issue-side');
    side.append(element('div', 'jira-glance-head', config.title));
    var glance = element('div', 'jira-glance');
    glance.append(frame);
    side.append(glance);
    page.append(issue, side);
  } else {
    var general = element('main', 'jira-content');
    general.append(frame);
    page.append(general);
  }

  function urlFor(target, context) {
    context = context || {};
    if (target === 'addonmodule') {
      return config.jiraBaseUrl + '/plugins/servlet/ac/' + (context.addonKey || config.addonKey) + '/' + context.moduleKey;
    }
    if (target === 'issue') {
      return config.jiraBaseUrl + '/browse/' + context.issueKey;
    }
    return null;
  }

  async function answer(method, args) {
    switch (method) {
      case 'context.getToken': {
        window.tokenRequests++;
        var response = await fetch(config.tokenUrl, { method: 'POST' });
        if (!response.ok) {
          throw new Error('the stand-in Jira could not mint a token: ' + response.status);
        }
        return response.text();
      }
      case 'context.getContext':
        return config.context;
      case 'navigator.go':
        // Recorded, not followed: the test asserts where Jira would have gone.
        window.navigations.push({ target: args[0], context: args[1] || {}, url: urlFor(args[0], args[1]) });
        return null;
      case 'resize': {
        var height = parseInt(args[1], 10);
        if (height > 0) {
          frame.style.height = height + 'px';
        }
        window.resizes.push({ width: args[0], height: args[1], automatic: !!args[2] });
        return null;
      }
      case 'sizeToParent':
        frame.style.height = (window.innerHeight - frame.getBoundingClientRect().top) + 'px';
        return null;
      case 'dialog.create':
      case 'dialog.close':
        window.dialogs.push({ action: method.substring('dialog.'.length), value: args[0] === undefined ? null : args[0] });
        return null;
      case 'dialog.getCustomData':
        return null;
      default:
        throw new Error('the stand-in Jira does not provide AP.' + method);
    }
  }

  window.addEventListener('message', async function (event) {
    var data = event.data;
    if (event.origin !== appOrigin || event.source !== frame.contentWindow || !data || data.standInAp !== 'request') {
      return;
    }
    var reply = { standInAp: 'response', id: data.id };
    try {
      reply.result = await answer(data.method, data.args || []);
    } catch (e) {
      reply.error = String(e && e.message || e);
      window.apErrors.push(data.method + ': ' + reply.error);
    }
    event.source.postMessage(reply, appOrigin);
  });
})();
