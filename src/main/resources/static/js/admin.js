// The "Manage Git repositories" page: integrations through /api/integrations. Data is rendered with textContent only.
(function () {
  'use strict';

  var strings = document.getElementById('strings').dataset;
  var message = document.getElementById('message');
  var addSection = document.getElementById('add-section');
  var addForm = document.getElementById('add-form');
  var typeSelect = document.getElementById('add-type');
  var table = document.getElementById('integrations');
  var tbody = table.querySelector('tbody');
  var empty = document.getElementById('empty');
  var uniqueId = 0;

  function format(template, value) {
    return template.replace('{0}', value);
  }

  // A host hands out the web URLs: only http(s) may become a link, never javascript: or data:.
  function safeUrl(url) {
    return /^https?:\/\//i.test(url || '') ? url : null;
  }

  function show(kind, text) {
    message.className = 'message ' + (kind || '');
    message.textContent = text;
    message.hidden = !text;
    GitBridge.resize();
  }

  function problemText(response) {
    var body = response.body || {};
    return body.detail || strings.failed;
  }

  function showFieldErrors(form, response) {
    form.querySelectorAll('[data-error-for]').forEach(function (el) { el.textContent = ''; });
    var errors = (response.body && response.body.errors) || {};
    var shown = false;
    Object.keys(errors).forEach(function (field) {
      var el = form.querySelector('[data-error-for="' + field + '"]');
      if (el) {
        el.textContent = errors[field];
        shown = true;
      }
    });
    return shown;
  }

  function typeOption(name) {
    return typeSelect.querySelector('option[value="' + name + '"]');
  }

  function onTypeChange() {
    var option = typeSelect.selectedOptions[0];
    var usesRegion = option.dataset.usesRegion === 'true';
    document.getElementById('add-url-field').hidden = usesRegion;
    document.getElementById('add-region-field').hidden = !usesRegion;
    document.getElementById('add-token-field').hidden = usesRegion;
    document.getElementById('add-key-id-field').hidden = !usesRegion;
    document.getElementById('add-secret-field').hidden = !usesRegion;
    document.getElementById('add-url').placeholder = option.dataset.defaultUrl || 'https://';
    addForm.querySelectorAll('[data-help-for]').forEach(function (help) {
      help.hidden = help.dataset.helpFor !== option.value;
    });
    GitBridge.resize();
  }

  function credentialFrom(form, usesRegion) {
    if (usesRegion) {
      var keyId = form.elements.accessKeyId.value.trim();
      var secret = form.elements.secretAccessKey.value.trim();
      return keyId || secret ? { accessKeyId: keyId, secretAccessKey: secret } : null;
    }
    var token = form.elements.token.value.trim();
    return token ? { token: token } : null;
  }

  // "Limit to projects": keys separated by commas or spaces; the server upper-cases and checks them.
  function projectKeysFrom(form) {
    return form.elements.projectKeys.value.split(/[\s,]+/).filter(function (key) { return key; });
  }

  async function add(event) {
    event.preventDefault();
    var usesRegion = typeSelect.selectedOptions[0].dataset.usesRegion === 'true';
    var body = {
      type: typeSelect.value,
      name: addForm.elements.name.value,
      baseUrl: usesRegion ? null : addForm.elements.baseUrl.value,
      region: usesRegion ? addForm.elements.region.value : null,
      credential: credentialFrom(addForm, usesRegion) || {},
      requireUserPat: addForm.elements.requireUserPat.checked,
      projectKeys: projectKeysFrom(addForm)
    };
    var submit = document.getElementById('add-submit');
    submit.disabled = true;
    try {
      var response = await GitBridge.api('/api/integrations', { method: 'POST', body: body });
      if (response.status === 201) {
        addForm.reset();
        onTypeChange();
        showFieldErrors(addForm, { body: {} });
        addSection.hidden = true;
        show('success', strings.added + ' (' + response.body.accountLogin + ')');
        await load();
      } else if (!showFieldErrors(addForm, response) || response.status !== 400) {
        show('error', problemText(response));
      } else {
        show('', '');
      }
    } finally {
      submit.disabled = false;
    }
  }

  function labelInputs(container) {
    container.querySelectorAll('label[data-for]').forEach(function (label) {
      var input = container.querySelector('[name="' + label.dataset.for + '"]');
      if (input) {
        input.id = input.id || 'field-' + (++uniqueId);
        label.htmlFor = input.id;
      }
    });
  }

  function closeOpenPanel(row) {
    var next = row.nextElementSibling;
    if (next && next.classList.contains('edit-row')) {
      next.remove();
    }
  }

  function openPanel(row, templateId) {
    closeOpenPanel(row);
    var panel = document.getElementById(templateId).content.firstElementChild.cloneNode(true);
    labelInputs(panel);
    row.after(panel);
    var cancel = panel.querySelector('[data-action="cancel"]');
    if (cancel) {
      cancel.addEventListener('click', function () { panel.remove(); GitBridge.resize(); });
    }
    GitBridge.resize();
    return panel;
  }

  function openEdit(row, integration) {
    var panel = openPanel(row, 'edit-template');
    var form = panel.querySelector('form');
    var usesRegion = typeOption(integration.type).dataset.usesRegion === 'true';
    form.elements.name.value = integration.name;
    form.elements.requireUserPat.checked = integration.requireUserPat;
    form.elements.projectKeys.value = (integration.projectKeys || []).join(', ');
    panel.querySelector('[data-credential="token"]').hidden = usesRegion;
    panel.querySelector('[data-credential="aws"]').hidden = !usesRegion;
    form.addEventListener('submit', async function (event) {
      event.preventDefault();
      var body = { name: form.elements.name.value, requireUserPat: form.elements.requireUserPat.checked,
        projectKeys: projectKeysFrom(form) };
      var credential = credentialFrom(form, usesRegion);
      if (credential) {
        body.credential = credential;
      }
      var response = await GitBridge.api('/api/integrations/' + encodeURIComponent(integration.id), { method: 'PATCH', body: body });
      if (response.ok) {
        show('success', strings.updated);
        await load();
      } else if (!showFieldErrors(form, response) || response.status !== 400) {
        show('error', problemText(response));
      }
    });
    form.elements.name.focus();
  }

  function openDelete(row, integration) {
    var panel = openPanel(row, 'delete-template');
    var confirm = panel.querySelector('[data-action="confirm-delete"]');
    confirm.addEventListener('click', async function () {
      var response = await GitBridge.api('/api/integrations/' + encodeURIComponent(integration.id), { method: 'DELETE' });
      if (response.status === 204) {
        show('success', strings.deleted);
        await load();
      } else {
        show('error', problemText(response));
      }
    });
    confirm.focus();
  }

  function repositoriesUrl(integration, query) {
    var url = '/api/integrations/' + encodeURIComponent(integration.id) + '/repositories';
    return query ? url + '?query=' + encodeURIComponent(query) : url;
  }

  async function testConnection(row, integration) {
    var result = row.querySelector('[data-slot="result"]');
    result.className = 'subtle';
    result.textContent = strings.testing;
    var response = await GitBridge.api(repositoriesUrl(integration));
    result.className = response.ok ? 'subtle' : 'error';
    result.textContent = response.ok ? format(strings.testOk, response.body.length) : problemText(response);
    GitBridge.resize();
  }

  function openRepositories(row, integration) {
    var panel = openPanel(row, 'repositories-template');
    var input = panel.querySelector('input[name="query"]');
    var list = panel.querySelector('[data-slot="list"]');
    var count = panel.querySelector('[data-slot="count"]');
    var pending = null;

    async function search() {
      count.textContent = strings.loading;
      var response = await GitBridge.api(repositoriesUrl(integration, input.value.trim()));
      list.replaceChildren();
      if (!response.ok) {
        count.textContent = problemText(response);
        return;
      }
      count.textContent = format(strings.repoCount, response.body.length);
      response.body.forEach(function (repository) {
        var item = document.createElement('li');
        var link = document.createElement('a');
        var webUrl = safeUrl(repository.webUrl);
        if (webUrl) {
          link.href = webUrl;
        }
        link.target = '_blank';
        link.rel = 'noopener noreferrer';
        link.textContent = repository.id;
        item.append(link);
        if (repository.defaultBranch) {
          var branch = document.createElement('span');
          branch.className = 'subtle';
          branch.textContent = ' · ' + repository.defaultBranch;
          item.append(branch);
        }
        list.append(item);
      });
      GitBridge.resize();
    }

    input.addEventListener('input', function () {
      clearTimeout(pending);
      pending = setTimeout(search, 300);
    });
    input.focus();
    search();
  }

  var STATE_LOZENGE = { QUEUED: 'new', INDEXING: 'inprogress', DONE: 'success', FAILED: 'removed' };

  function when(iso) {
    return iso ? new Date(iso).toLocaleString() : '';
  }

  function cell(text) {
    var td = document.createElement('td');
    td.textContent = text == null ? '' : text;
    return td;
  }

  // What Jira's development information holds of the repository; nothing while the push is off.
  function jiraCell(jira) {
    var td = document.createElement('td');
    if (!jira || jira.state === 'OFF') {
      return td;
    }
    if (jira.state === 'FAILED') {
      td.className = 'jira-failed';
      td.textContent = format(strings.jiraFailed, jira.error || '');
    } else if (jira.pending > 0) {
      td.textContent = format(strings.jiraPending, jira.pending);
    } else if (jira.state === 'SENT') {
      td.textContent = jira.lastSentAt ? format(strings.jiraSent, when(jira.lastSentAt)) : strings.jiraSentNever;
    } else {
      td.textContent = strings.jiraSending;
    }
    return td;
  }

  function openIndexing(row, integration) {
    var panel = openPanel(row, 'indexing-template');
    var body = panel.querySelector('[data-slot="repositories"]');
    var summary = panel.querySelector('[data-slot="summary"]');
    panel.querySelector('input[name="webhookUrl"]').value = integration.webhookUrl || '';
    var base = '/api/integrations/' + encodeURIComponent(integration.id);
    var refresh = null;

    async function loadStatus() {
      var response = await GitBridge.api(base + '/index-status');
      if (!panel.isConnected) {
        return;
      }
      if (!response.ok) {
        summary.textContent = problemText(response);
        return;
      }
      body.replaceChildren();
      var busy = false;
      response.body.forEach(function (repository) {
        var tr = document.createElement('tr');
        tr.append(cell(repository.repository));
        var stateCell = document.createElement('td');
        var lozenge = document.createElement('span');
        lozenge.className = 'lozenge ' + (STATE_LOZENGE[repository.state] || '');
        lozenge.textContent = repository.state;
        stateCell.append(lozenge);
        if (repository.error) {
          var error = document.createElement('div');
          error.className = 'subtle';
          error.textContent = repository.error;
          stateCell.append(error);
        }
        tr.append(stateCell, cell(repository.commitsIndexed), cell(when(repository.lastIndexedAt)),
            jiraCell(repository.jira));
        body.append(tr);
        busy = busy || repository.state === 'QUEUED' || repository.state === 'INDEXING'
            || (repository.jira && repository.jira.state === 'SENDING');
      });
      summary.textContent = format(strings.indexingSummary, response.body.length);
      GitBridge.resize();
      clearTimeout(refresh);
      if (busy) {
        refresh = setTimeout(loadStatus, 3000);
      }
    }

    var rotate = panel.querySelector('[data-action="rotate-webhook"]');
    var rotateConfirm = panel.querySelector('[data-slot="rotate-confirm"]');
    rotate.addEventListener('click', function () {
      rotateConfirm.hidden = false;
      rotateConfirm.querySelector('[data-action="confirm-rotate"]').focus();
      GitBridge.resize();
    });
    rotateConfirm.querySelector('[data-action="cancel-rotate"]').addEventListener('click', function () {
      rotateConfirm.hidden = true;
      rotate.focus();
      GitBridge.resize();
    });
    rotateConfirm.querySelector('[data-action="confirm-rotate"]').addEventListener('click', async function () {
      var response = await GitBridge.api(base + '/webhook-secret', { method: 'POST' });
      rotateConfirm.hidden = true;
      if (response.ok) {
        integration.webhookUrl = response.body.webhookUrl;
        panel.querySelector('input[name="webhookUrl"]').value = integration.webhookUrl || '';
        show('success', rotate.dataset.done);
      } else {
        show('error', problemText(response));
      }
      rotate.focus();
      GitBridge.resize();
    });

    panel.querySelector('[data-action="reindex"]').addEventListener('click', async function () {
      var response = await GitBridge.api(base + '/reindex', { method: 'POST' });
      summary.textContent = response.status === 202 ? strings.reindexQueued : problemText(response);
      clearTimeout(refresh);
      refresh = setTimeout(loadStatus, 1000);
    });
    loadStatus();
  }

  async function loadAudit(integrations) {
    var response = await GitBridge.api('/api/audit?limit=50');
    var auditTable = document.getElementById('audit');
    var auditEmpty = document.getElementById('audit-empty');
    if (!response.ok) {
      return;
    }
    var names = {};
    integrations.forEach(function (integration) { names[integration.id] = integration.name; });
    var auditBody = auditTable.querySelector('tbody');
    auditBody.replaceChildren();
    response.body.forEach(function (entry) {
      var tr = document.createElement('tr');
      var what = (entry.action === 'CREATE_BRANCH' ? strings.createdBranch : strings.createdPr) + ' ' + (entry.target || '')
          + ' · ' + (names[entry.integrationId] || entry.integrationId) + ' · ' + (entry.repository || '');
      var acted = (entry.credentialKind === 'USER_PAT' ? strings.userPat : strings.integrationAccount)
          + (entry.hostLogin ? ' (@' + entry.hostLogin + ')' : '');
      tr.append(cell(when(entry.at)), cell(entry.accountId), cell(what), cell(acted), cell(entry.outcome));
      auditBody.append(tr);
    });
    auditTable.hidden = response.body.length === 0;
    auditEmpty.hidden = response.body.length > 0;
    GitBridge.resize();
  }

  function render(integrations) {
    tbody.replaceChildren();
    empty.hidden = integrations.length > 0;
    table.hidden = integrations.length === 0;
    var template = document.getElementById('row-template');
    integrations.forEach(function (integration) {
      var row = template.content.firstElementChild.cloneNode(true);
      row.dataset.integrationId = integration.id;
      row.querySelector('[data-slot="name"]').textContent = integration.name;
      row.querySelector('[data-slot="url"]').textContent = integration.baseUrl || integration.region || '';
      var projects = row.querySelector('[data-slot="projects"]');
      var projectKeys = integration.projectKeys || [];
      projects.textContent = projectKeys.length ? format(projects.dataset.some, projectKeys.join(', ')) : projects.dataset.all;
      var option = typeOption(integration.type);
      row.querySelector('[data-slot="type"]').textContent = option ? option.textContent : integration.type;
      row.querySelector('[data-slot="account"]').textContent = integration.accountLogin || '';
      var pat = row.querySelector('[data-slot="pat"]');
      pat.textContent = integration.requireUserPat ? strings.required : strings.optional;
      pat.classList.toggle('inprogress', integration.requireUserPat);
      row.querySelector('[data-action="edit"]').addEventListener('click', function () { openEdit(row, integration); });
      row.querySelector('[data-action="delete"]').addEventListener('click', function () { openDelete(row, integration); });
      row.querySelector('[data-action="test"]').addEventListener('click', function () { testConnection(row, integration); });
      row.querySelector('[data-action="repositories"]').addEventListener('click', function () { openRepositories(row, integration); });
      row.querySelector('[data-action="indexing"]').addEventListener('click', function () { openIndexing(row, integration); });
      tbody.append(row);
    });
    GitBridge.resize();
  }

  async function load() {
    var response = await GitBridge.api('/api/integrations');
    if (response.ok) {
      render(response.body);
      loadAudit(response.body);
    } else {
      show('error', problemText(response));
    }
  }

  document.getElementById('show-add').addEventListener('click', function () {
    addSection.hidden = false;
    onTypeChange();
    typeSelect.focus();
  });
  document.getElementById('add-cancel').addEventListener('click', function () {
    addSection.hidden = true;
    GitBridge.resize();
  });
  typeSelect.addEventListener('change', onTypeChange);
  addForm.addEventListener('submit', add);
  onTypeChange();
  load();
})();
