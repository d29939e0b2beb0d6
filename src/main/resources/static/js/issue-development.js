// The issue panel's development section: the issue's pull requests, branches and commits from the index.
(function () {
  'use strict';

  var section = document.getElementById('development');
  var strings = document.getElementById('development-strings').dataset;
  var status = section.querySelector('[data-slot="status"]');
  var groups = section.querySelector('[data-slot="groups"]');
  var itemTemplate = document.getElementById('development-item');
  var MAX_SHOWN = 20;

  function format(template, value) {
    return template.replace('{0}', value);
  }

  function safeUrl(url) {
    return /^https?:\/\//i.test(url || '') ? url : null;
  }

  function when(iso) {
    return iso ? new Date(iso).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' }) : '';
  }

  function stateClass(state) {
    return { OPEN: 'inprogress', MERGED: 'success', CLOSED: 'removed' }[state] || '';
  }

  function item(label, url, meta, state) {
    var li = itemTemplate.content.firstElementChild.cloneNode(true);
    var link = li.querySelector('[data-slot="link"]');
    link.textContent = label;
    var href = safeUrl(url);
    if (href) {
      link.href = href;
    } else {
      link.removeAttribute('href');
    }
    li.querySelector('[data-slot="meta"]').textContent = meta.filter(Boolean).join(' · ');
    var lozenge = li.querySelector('[data-slot="state"]');
    if (state) {
      lozenge.textContent = state;
      lozenge.className = 'lozenge ' + stateClass(state);
      lozenge.hidden = false;
    }
    return li;
  }

  function fill(name, entries, render) {
    var list = section.querySelector('[data-group="' + name + '"]');
    var title = section.querySelector('[data-group-title="' + name + '"]');
    list.replaceChildren();
    entries.slice(0, MAX_SHOWN).forEach(function (entry) { list.append(render(entry)); });
    if (entries.length > MAX_SHOWN) {
      var more = document.createElement('li');
      more.className = 'subtle';
      more.textContent = format(strings.more, MAX_SHOWN);
      list.append(more);
    }
    list.hidden = entries.length === 0;
    title.hidden = entries.length === 0;
  }

  function firstLine(message) {
    return (message || '').split('\n')[0];
  }

  async function load() {
    var key = section.dataset.issueKey;
    var response = await GitBridge.api('/api/issues/' + encodeURIComponent(key) + '/development');
    if (!response.ok || !response.body) {
      status.textContent = strings.failed;
      GitBridge.resize();
      return;
    }
    var data = response.body;
    var total = data.commits.length + data.branches.length + data.pullRequests.length;
    status.hidden = total > 0;
    status.textContent = total > 0 ? '' : strings.none;
    groups.hidden = total === 0;
    fill('pullRequests', data.pullRequests, function (pr) {
      return item('#' + pr.id + ' ' + pr.title, pr.url,
          [format(strings.in, pr.repository), pr.author ? format(strings.by, pr.author) : '', when(pr.updatedAt)], pr.state);
    });
    fill('branches', data.branches, function (branch) {
      return item(branch.name, branch.url, [format(strings.in, branch.repository)]);
    });
    fill('commits', data.commits, function (commit) {
      return item(commit.sha.substring(0, 7) + ' ' + firstLine(commit.message), commit.url,
          [format(strings.in, commit.repository), commit.author ? format(strings.by, commit.author) : '', when(commit.date)]);
    });
    GitBridge.resize();
  }

  load().catch(function () {
    status.textContent = strings.failed;
  });
})();
