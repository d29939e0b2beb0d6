// The issue glance panel: create a branch or a pull request for the issue. The server decides which credential acts;
// the page only shows "setup required" early when the chosen integration needs the user's own token and has none
// that works. Data is rendered with textContent and DOM nodes only.
(function () {
  'use strict';

  var root = document.getElementById('issue-panel');
  var issueKey = root.dataset.issueKey || '';
  var issuePath = '/api/issues/' + encodeURIComponent(issueKey);
  var resultBox = document.getElementById('result');
  var SEARCH_DELAY_MS = 300;
  var SETUP_STATUS_BY_CODE = { USER_PAT_REQUIRED: 'MISSING', USER_PAT_EXPIRED: 'EXPIRED', USER_PAT_INVALID: 'INVALID' };
  var SETUP_STATUSES = ['MISSING', 'EXPIRED', 'INVALID'];

  var strings = {};
  document.querySelectorAll('#strings [data-key]').forEach(function (el) {
    strings[el.dataset.key] = el.textContent;
  });

  function text(key) {
    return strings[key] || '';
  }

  /** The string {@code key} with {0}, {1}… replaced by the further arguments (as text, never as patterns). */
  function format(key) {
    var args = Array.prototype.slice.call(arguments, 1);
    return text(key).replace(/\{(\d)\}/g, function (match, index) {
      var value = args[Number(index)];
      return value === undefined || value === null ? '' : String(value);
    });
  }

  function safeUrl(url) {
    return typeof url === 'string' && /^https?:\/\//i.test(url) ? url : null;
  }

  function fromTemplate(id) {
    return document.getElementById(id).content.firstElementChild.cloneNode(true);
  }

  // Tell Jira the height whenever it may have changed: explicitly after each render, and whatever else moves it.
  function changed() {
    GitBridge.resize();
  }
  if (window.ResizeObserver) {
    new ResizeObserver(changed).observe(root);
  }

  /** GitBridge.api that never throws: a request that did not complete answers status 0. */
  async function call(path, options) {
    try {
      return await GitBridge.api(path, options);
    } catch (e) {
      return { status: 0, ok: false, body: null, headers: null };
    }
  }

  function retryAfterSeconds(response) {
    var body = response.body || {};
    var seconds = parseInt(body.retryAfterSeconds, 10);
    var header = response.headers && response.headers.get ? response.headers.get('Retry-After') : null;
    if (!(seconds > 0) && header) {
      seconds = parseInt(header, 10);
      if (isNaN(seconds)) {
        var when = Date.parse(header);
        seconds = isNaN(when) ? NaN : Math.ceil((when - Date.now()) / 1000);
      }
    }
    return seconds > 0 ? seconds : null;
  }

  /** A failed answer in words. 400 field errors and 403 USER_PAT_* are dealt with before this. */
  function problemText(response) {
    var body = response.body || {};
    switch (response.status) {
      case 0:
        return text('error.network');
      case 401:
        return text('error.session');
      case 403:
        return body.code === 'NOT_ALLOWED' || !body.detail ? text('error.notAllowed') : body.detail;
      case 404:
        return format('error.notFound', body.detail || text('error.notFoundWhat'));
      case 409:
        return body.code === 'BRANCH_EXISTS' || !body.detail ? text('error.branchExists') : body.detail;
      case 422:
        return body.detail || text('error.hostRejected');
      case 429:
        var seconds = retryAfterSeconds(response);
        return seconds ? format('error.rateLimited', seconds) : text('error.rateLimitedLater');
      case 502:
      case 503:
      case 504:
        return body.code === 'JIRA_UNAVAILABLE' ? text('error.jiraUnavailable') : text('error.hostUnavailable');
      default:
        return body.detail || text('error.failed');
    }
  }

  // Shared by both forms: the integrations this issue offers with the user's token state, and the issue's suggestions.
  var tokens = [];
  var tokensRequest = null;
  var suggestionsRequest = null;
  // The integration and repository last used successfully, offered first in the other form.
  var preferred = { integrationId: null, repository: null };

  /** The user's token state for each integration the issue offers: one limited to other projects is left out. */
  function loadTokens(fresh) {
    if (!tokensRequest || fresh) {
      tokensRequest = Promise.all([call('/api/me/tokens'), call(issuePath + '/integrations')]).then(function (answers) {
        var mine = answers[0];
        var offered = answers[1];
        if (mine.ok && Array.isArray(mine.body) && offered.ok && Array.isArray(offered.body)) {
          var ids = offered.body.map(function (integration) { return String(integration.id); });
          tokens = mine.body.filter(function (token) { return ids.indexOf(String(token.integrationId)) >= 0; });
          return mine;
        }
        tokensRequest = null;
        return mine.ok ? offered : mine;
      });
    }
    return tokensRequest;
  }

  function loadSuggestions() {
    if (!suggestionsRequest) {
      suggestionsRequest = call(issuePath + '/suggestions').then(function (response) {
        if (!response.ok) {
          suggestionsRequest = null;
        }
        return response;
      });
    }
    return suggestionsRequest;
  }

  /** MISSING, EXPIRED or INVALID when the integration needs the user's token and has no working one; else null. */
  function setupNeeded(token) {
    if (!token) {
      return null;
    }
    if (token.setupStatus) {
      return token.setupStatus;
    }
    if (token.required && token.status !== 'VALID') {
      return SETUP_STATUSES.indexOf(token.status) >= 0 ? token.status : 'MISSING';
    }
    return null;
  }

  function option(label, value) {
    var element = document.createElement('option');
    element.value = value;
    element.textContent = label;
    return element;
  }

  function hasOption(select, value) {
    return Array.prototype.some.call(select.options, function (o) { return o.value === value; });
  }

  var forms = [];

  function createForm(section, openButton) {
    var kind = section.dataset.kind; // 'branch' or 'pullRequest'
    var form = section.querySelector('form');
    var integrationSelect = form.elements.namedItem('integrationId');
    var searchInput = form.elements.namedItem('repositoryQuery');
    var repositorySelect = form.elements.namedItem('repository');
    var sourceSelect = form.elements.namedItem('sourceBranch');
    var targetSelect = form.elements.namedItem('targetBranch');
    var textInput = form.elements.namedItem(kind === 'branch' ? 'name' : 'title');
    var descriptionInput = form.elements.namedItem('description');
    var setupSlot = form.querySelector('[data-slot="setup"]');
    var details = form.querySelector('[data-slot="details"]');
    var problem = form.querySelector('[data-slot="problem"]');
    var working = form.querySelector('[data-slot="working"]');
    var submit = form.querySelector('[data-action="submit"]');
    var repositoryStatus = form.querySelector('[data-status-for="repository"]');
    var branchStatus = form.querySelector('[data-status-for="branches"]');
    var loaded = false;
    var busy = false;
    var textEdited = false;
    var repositories = Object.create(null);
    var branchesOf = null; // the repository whose branches the selects list
    var searchTimer = null;
    var searchRound = 0;
    var branchRound = 0;

    function currentToken() {
      var value = integrationSelect.value;
      return tokens.find(function (t) { return String(t.integrationId) === value; }) || null;
    }

    function isOpen() {
      return !section.hidden;
    }

    // ---- messages beside the form

    function showProblem(message, moveFocus) {
      problem.textContent = message;
      problem.hidden = !message;
      changed();
      if (message && moveFocus) {
        problem.focus();
      }
    }

    function clearErrors() {
      form.querySelectorAll('[data-error-for]').forEach(function (slot) {
        slot.textContent = '';
        var control = form.elements.namedItem(slot.dataset.errorFor);
        if (control && control.removeAttribute) {
          control.removeAttribute('aria-invalid');
        }
      });
    }

    function clearFieldError(name) {
      form.querySelectorAll('[data-error-for]').forEach(function (slot) {
        if (slot.dataset.errorFor === name) {
          slot.textContent = '';
        }
      });
      var control = form.elements.namedItem(name);
      if (control && control.removeAttribute) {
        control.removeAttribute('aria-invalid');
      }
    }

    /** Puts each error beside its field; returns the first invalid control and the messages that have no field. */
    function showFieldErrors(errors) {
      var first = null;
      var matched = {};
      form.querySelectorAll('[data-error-for]').forEach(function (slot) {
        var name = slot.dataset.errorFor;
        if (!Object.prototype.hasOwnProperty.call(errors, name)) {
          return;
        }
        matched[name] = true;
        slot.textContent = errors[name];
        var control = form.elements.namedItem(name);
        if (control && control.setAttribute) {
          control.setAttribute('aria-invalid', 'true');
          first = first || control;
        }
      });
      var unmatched = Object.keys(errors).filter(function (name) { return !matched[name]; })
          .map(function (name) { return errors[name]; });
      changed();
      return { first: first, unmatched: unmatched };
    }

    // ---- setup required, or nothing to choose

    function clearSetup() {
      setupSlot.replaceChildren();
    }

    function showFields(visible) {
      details.hidden = !visible;
      submit.hidden = !visible;
      changed();
    }

    function showSetup(status, info, moveFocus) {
      clearSetup();
      var box = fromTemplate('setup-template');
      box.querySelector('[data-slot="title"]').textContent = text('setup.title.' + status);
      box.querySelector('[data-slot="body"]').textContent = format('setup.body.' + status, info.integrationName || '');
      var steps = box.querySelector('[data-slot="steps"]');
      if (info.tokenSteps) {
        steps.textContent = format('setup.steps', info.tokenSteps);
        steps.hidden = false;
      }
      var settings = box.querySelector('[data-action="open-settings"]');
      var settingsUrl = safeUrl(info.settingsUrl);
      if (settingsUrl) {
        settings.href = settingsUrl;
      }
      settings.addEventListener('click', function (event) {
        if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) {
          return; // the user asked the browser for a new tab or window: the href does it
        }
        try {
          GitBridge.openUserSettings();
          event.preventDefault();
        } catch (e) {
          // Without Jira's navigator the link itself opens the page in the top window.
        }
      });
      var newToken = box.querySelector('[data-action="new-token"]');
      var newTokenUrl = safeUrl(info.newTokenUrl);
      if (newTokenUrl) {
        newToken.href = newTokenUrl;
      } else {
        newToken.hidden = true;
      }
      setupSlot.append(box);
      showFields(false);
      if (moveFocus) {
        box.focus();
      }
    }

    function showNotice(message) {
      clearSetup();
      var notice = document.createElement('div');
      notice.className = 'message';
      notice.setAttribute('role', 'status');
      notice.textContent = message;
      setupSlot.append(notice);
      showFields(false);
    }

    // ---- integrations

    function fillIntegrations(keep) {
      var choices = tokens.length === 1 ? [] : [option(text('choose.integration'), '')];
      tokens.forEach(function (token) {
        choices.push(option(token.integrationName || String(token.integrationId), String(token.integrationId)));
      });
      integrationSelect.replaceChildren.apply(integrationSelect, choices);
      if (tokens.length === 1) {
        integrationSelect.value = String(tokens[0].integrationId);
      } else if (keep && hasOption(integrationSelect, keep)) {
        integrationSelect.value = keep;
      } else if (preferred.integrationId !== null && hasOption(integrationSelect, String(preferred.integrationId))) {
        integrationSelect.value = String(preferred.integrationId);
      } else {
        integrationSelect.value = '';
      }
    }

    function onIntegrationChange(fromOpen) {
      clearTimeout(searchTimer);
      searchRound++;
      branchRound++;
      clearErrors();
      showProblem('');
      clearSetup();
      if (!tokens.length) {
        showNotice(text('integrations.none'));
        return;
      }
      var token = currentToken();
      if (!token) {
        showFields(false);
        return;
      }
      var status = setupNeeded(token);
      if (status) {
        // Before calling the host: this integration acts as the user, and the user has no working token for it.
        showSetup(status, {
          integrationName: token.integrationName,
          settingsUrl: root.dataset.settingsUrl,
          newTokenUrl: token.newTokenUrl,
          tokenSteps: token.tokenSteps
        }, fromOpen || document.activeElement !== integrationSelect);
        return;
      }
      showFields(true);
      repositories = Object.create(null);
      repositorySelect.replaceChildren(option(text('choose.repository'), ''));
      resetBranches('');
      search();
    }

    // ---- repositories

    function scheduleSearch() {
      clearTimeout(searchTimer);
      searchTimer = setTimeout(search, SEARCH_DELAY_MS);
    }

    async function search() {
      clearTimeout(searchTimer);
      var token = currentToken();
      if (!token || setupNeeded(token)) {
        return;
      }
      var round = ++searchRound;
      repositoryStatus.textContent = text('loading.repositories');
      changed();
      var response = await call(issuePath + '/repositories?integrationId=' + encodeURIComponent(token.integrationId)
          + '&query=' + encodeURIComponent(searchInput.value.trim()));
      if (round !== searchRound) {
        return; // a newer search or another integration has taken over
      }
      repositoryStatus.textContent = '';
      if (!response.ok) {
        failed(response, false);
        return;
      }
      showProblem('');
      renderRepositories(Array.isArray(response.body) ? response.body : []);
    }

    function renderRepositories(list) {
      var previous = repositorySelect.value;
      repositories = Object.create(null);
      var choices = [option(text('choose.repository'), '')];
      list.forEach(function (repository) {
        repositories[repository.id] = repository;
        choices.push(option(repository.id, repository.id));
      });
      repositorySelect.replaceChildren.apply(repositorySelect, choices);
      if (previous && repositories[previous]) {
        repositorySelect.value = previous;
      } else if (list.length === 1) {
        repositorySelect.value = list[0].id;
      } else if (preferred.repository && repositories[preferred.repository]
          && String(preferred.integrationId) === integrationSelect.value) {
        repositorySelect.value = preferred.repository;
      } else {
        repositorySelect.value = '';
      }
      repositoryStatus.textContent = list.length === 0 ? text('repositories.none')
          : list.length === 1 ? text('repositories.one') : format('repositories.count', list.length);
      changed();
      if (repositorySelect.value !== previous) {
        loadBranches();
      }
    }

    // ---- branches

    function resetBranches(status) {
      branchRound++;
      branchesOf = null;
      sourceSelect.replaceChildren(option(status ? text('loading') : text('choose.branch'), ''));
      if (targetSelect) {
        targetSelect.replaceChildren(option(status ? text('loading') : text('choose.branch'), ''));
      }
      branchStatus.textContent = status;
      changed();
    }

    async function loadBranches() {
      clearFieldError('repository');
      var token = currentToken();
      var repository = repositories[repositorySelect.value];
      // Keep the chosen branches only when refreshing the same repository's list.
      var same = repository && branchesOf === repository.id;
      var keepSource = same ? sourceSelect.value : '';
      var keepTarget = same && targetSelect ? targetSelect.value : '';
      if (!token || !repository) {
        resetBranches('');
        return;
      }
      resetBranches(text('loading.branches'));
      var round = branchRound;
      var response = await call(issuePath + '/repository-branches?integrationId=' + encodeURIComponent(token.integrationId)
          + '&repository=' + encodeURIComponent(repository.id));
      if (round !== branchRound) {
        return;
      }
      if (!response.ok) {
        resetBranches('');
        failed(response, false);
        return;
      }
      showProblem('');
      branchesOf = repository.id;
      var body = response.body || {};
      renderBranches(Array.isArray(body.branches) ? body.branches : [], body.defaultBranch || repository.defaultBranch,
          keepSource, keepTarget);
    }

    function fillBranchSelect(select, forIssue, others, defaultBranch) {
      function branchOption(name) {
        return option(name === defaultBranch ? format('defaultBranch', name) : name, name);
      }
      var choices = [option(text('choose.branch'), '')];
      if (forIssue.length && others.length) {
        var issueGroup = document.createElement('optgroup');
        issueGroup.label = format('group.issueBranches', issueKey);
        forIssue.forEach(function (name) { issueGroup.append(branchOption(name)); });
        var otherGroup = document.createElement('optgroup');
        otherGroup.label = text('group.otherBranches');
        others.forEach(function (name) { otherGroup.append(branchOption(name)); });
        choices.push(issueGroup, otherGroup);
      } else {
        forIssue.concat(others).forEach(function (name) { choices.push(branchOption(name)); });
      }
      select.replaceChildren.apply(select, choices);
    }

    function renderBranches(branches, defaultBranch, keepSource, keepTarget) {
      var names = branches.map(function (b) { return b.name; }).filter(Boolean);
      var key = issueKey.toLowerCase();
      // The server lists the branches whose name holds the issue key first; keep its order.
      var forIssue = key ? names.filter(function (n) { return n.toLowerCase().indexOf(key) >= 0; }) : [];
      var others = names.filter(function (n) { return forIssue.indexOf(n) < 0; });
      var hasDefault = defaultBranch && names.indexOf(defaultBranch) >= 0;
      fillBranchSelect(sourceSelect, forIssue, others, defaultBranch);
      if (keepSource && names.indexOf(keepSource) >= 0) {
        sourceSelect.value = keepSource;
      } else if (kind === 'branch') {
        sourceSelect.value = hasDefault ? defaultBranch : (names[0] || '');
      } else {
        sourceSelect.value = forIssue[0] || '';
      }
      if (targetSelect) {
        fillBranchSelect(targetSelect, [], names, defaultBranch);
        targetSelect.value = keepTarget && names.indexOf(keepTarget) >= 0 ? keepTarget : (hasDefault ? defaultBranch : '');
      }
      branchStatus.textContent = names.length ? '' : text('branches.none');
      changed();
    }

    // ---- suggestions

    async function prefill() {
      var response = await loadSuggestions();
      if (!response.ok || !response.body || textEdited || textInput.value) {
        return;
      }
      textInput.value = (kind === 'branch' ? response.body.branchName : response.body.pullRequestTitle) || '';
    }

    // ---- failures of any call

    /** Shows a failed answer: the setup-required message for 403 USER_PAT_*, else the failure in words. */
    function failed(response, moveFocus) {
      var body = response.body || {};
      var status = response.status === 403 ? SETUP_STATUS_BY_CODE[body.code] : null;
      if (status) {
        var token = currentToken();
        if (token) {
          token.setupStatus = status; // remembered for this page, so both forms show it before calling again
        }
        showProblem('');
        showSetup(status, {
          integrationName: token ? token.integrationName : '',
          settingsUrl: body.settingsUrl || root.dataset.settingsUrl,
          newTokenUrl: body.newTokenUrl || (token && token.newTokenUrl),
          tokenSteps: token && token.tokenSteps
        }, moveFocus || details.contains(document.activeElement) || document.activeElement === document.body);
        return;
      }
      showProblem(problemText(response), moveFocus);
    }

    // ---- submit

    function collect() {
      var token = currentToken();
      var body = {
        integrationId: token ? token.integrationId : null,
        repository: repositorySelect.value,
        sourceBranch: sourceSelect.value
      };
      if (kind === 'branch') {
        body.name = textInput.value.trim();
      } else {
        body.targetBranch = targetSelect.value;
        body.title = textInput.value.trim();
        body.description = descriptionInput.value;
      }
      return body;
    }

    function validate(body) {
      var errors = {};
      ['integrationId', 'repository', 'sourceBranch'].concat(kind === 'branch' ? ['name'] : ['targetBranch', 'title'])
          .forEach(function (field) {
            if (body[field] === null || body[field] === undefined || body[field] === '') {
              errors[field] = text('required.' + field);
            }
          });
      if (kind !== 'branch' && !errors.sourceBranch && !errors.targetBranch && body.sourceBranch === body.targetBranch) {
        errors.sourceBranch = text('error.sameBranch');
      }
      return errors;
    }

    function setBusy(value) {
      busy = value;
      submit.disabled = value;
      if (value) {
        form.setAttribute('aria-busy', 'true');
      } else {
        form.removeAttribute('aria-busy');
      }
      working.textContent = value ? text('working.' + kind) : '';
      changed();
    }

    async function onSubmit(event) {
      event.preventDefault();
      if (busy || details.hidden) {
        return;
      }
      clearErrors();
      showProblem('');
      var body = collect();
      var invalid = showFieldErrors(validate(body));
      if (invalid.first) {
        invalid.first.focus();
        return;
      }
      setBusy(true);
      var response;
      try {
        response = await call(issuePath + (kind === 'branch' ? '/branches' : '/pull-requests'), { method: 'POST', body: body });
      } finally {
        setBusy(false);
      }
      if (response.status === 201 && response.body) {
        preferred = { integrationId: body.integrationId, repository: body.repository };
        var shown = showResult(kind, response.body);
        close(false);
        shown.focus();
        return;
      }
      if (response.status === 400) {
        var shown = showFieldErrors((response.body && response.body.errors) || {});
        if (shown.first && !shown.unmatched.length) {
          shown.first.focus();
          return;
        }
        showProblem(shown.unmatched.join(' ') || (response.body && response.body.detail) || text('error.invalid'), true);
        return;
      }
      failed(response, true);
    }

    // ---- open and close

    async function open() {
      forms.forEach(function (other) {
        if (other.isOpen() && other.section !== section) {
          other.close(false);
        }
      });
      section.hidden = false;
      openButton.setAttribute('aria-expanded', 'true');
      changed();
      integrationSelect.focus();
      prefill();
      var first = !loaded;
      if (first) {
        integrationSelect.replaceChildren(option(text('loading'), ''));
      }
      var response = await loadTokens(false);
      if (!isOpen()) {
        return;
      }
      if (!response.ok) {
        showProblem(problemText(response), true);
        return;
      }
      var before = integrationSelect.value;
      fillIntegrations(before);
      loaded = true;
      if (first || integrationSelect.value !== before) {
        onIntegrationChange(true);
      } else if (!details.hidden && repositorySelect.value) {
        loadBranches(); // a branch may have been created since
      }
    }

    function close(restoreFocus) {
      clearTimeout(searchTimer);
      section.hidden = true;
      openButton.setAttribute('aria-expanded', 'false');
      changed();
      if (restoreFocus) {
        openButton.focus();
      }
    }

    /** After the user comes back to the tab: a token saved meanwhile ends the setup-required state. */
    async function recheck() {
      if (!isOpen() || !setupSlot.querySelector('.setup-required')) {
        return;
      }
      var response = await loadTokens(true);
      if (response.ok && isOpen()) {
        var hadFocus = setupSlot.contains(document.activeElement);
        fillIntegrations(integrationSelect.value);
        onIntegrationChange(false);
        if (hadFocus && !setupSlot.contains(document.activeElement)) {
          integrationSelect.focus(); // the message that held focus is gone
        }
      }
    }

    openButton.addEventListener('click', function () {
      if (isOpen()) {
        close(true);
      } else {
        open();
      }
    });
    form.querySelector('[data-action="cancel"]').addEventListener('click', function () { close(true); });
    form.addEventListener('submit', onSubmit);
    section.addEventListener('keydown', function (event) {
      if (event.key === 'Escape' && isOpen()) {
        event.preventDefault();
        close(true);
      }
    });
    integrationSelect.addEventListener('change', function () { onIntegrationChange(false); });
    searchInput.addEventListener('input', scheduleSearch);
    searchInput.addEventListener('keydown', function (event) {
      if (event.key === 'Enter') {
        event.preventDefault(); // Enter here searches at once instead of submitting a half-chosen form
        search();
      }
    });
    repositorySelect.addEventListener('change', loadBranches);
    sourceSelect.addEventListener('change', function () { clearFieldError('sourceBranch'); });
    if (targetSelect) {
      targetSelect.addEventListener('change', function () { clearFieldError('targetBranch'); clearFieldError('sourceBranch'); });
    }
    textInput.addEventListener('input', function () {
      textEdited = true;
      clearFieldError(textInput.name);
    });
    if (descriptionInput) {
      descriptionInput.addEventListener('keydown', function (event) {
        if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
          event.preventDefault();
          if (form.requestSubmit) {
            form.requestSubmit();
          } else {
            submit.click();
          }
        }
      });
    }

    return { section: section, isOpen: isOpen, close: close, recheck: recheck };
  }

  // ---- the result of the last creation

  function attribution(created) {
    if (created.createdWith === 'USER_PAT') {
      return created.createdBy ? format('result.asUser', created.createdBy) : text('result.asUserNoLogin');
    }
    if (created.createdWith === 'INTEGRATION_ACCOUNT') {
      return created.createdBy ? format('result.asIntegration', created.createdBy) : text('result.asIntegrationNoLogin');
    }
    return '';
  }

  function showResult(kind, created) {
    var box = fromTemplate(kind === 'branch' ? 'branch-result-template' : 'pull-request-result-template');
    var link = box.querySelector('[data-slot="link"]');
    var url = safeUrl(created.url);
    if (url) {
      link.href = url;
    }
    var name = box.querySelector('[data-slot="name"]');
    if (kind === 'branch') {
      name.textContent = created.name || '';
      box.querySelector('[data-slot="repository"]').textContent =
          created.repository ? format('result.inRepository', created.repository) : '';
    } else {
      name.textContent = created.id !== undefined && created.id !== null
          ? format('result.pullRequestLink', created.id, created.title || '') : (created.title || '');
    }
    var who = box.querySelector('[data-slot="attribution"]');
    who.textContent = attribution(created);
    who.hidden = !who.textContent;
    var opener = document.getElementById(kind === 'branch' ? 'open-branch' : 'open-pull-request');
    box.querySelector('[data-action="dismiss"]').addEventListener('click', function () {
      box.remove();
      resultBox.hidden = !resultBox.firstElementChild;
      changed();
      opener.focus();
    });
    // Newest first; earlier results stay until dismissed, so a branch's link is still there after its pull request.
    box.tabIndex = -1;
    resultBox.prepend(box);
    resultBox.hidden = false;
    changed();
    return box;
  }

  forms.push(createForm(document.getElementById('branch-section'), document.getElementById('open-branch')));
  forms.push(createForm(document.getElementById('pull-request-section'), document.getElementById('open-pull-request')));

  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'visible') {
      forms.forEach(function (f) { f.recheck(); });
    }
  });
  changed();
})();
