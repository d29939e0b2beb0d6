// The "Git Bridge user settings" page: the user's own tokens through /api/me/tokens, one card per integration.
// Data is rendered with textContent only, and a token typed in is never put back into the page.
(function () {
  'use strict';

  var DAY_MS = 24 * 60 * 60 * 1000;
  var strings = {};
  document.querySelectorAll('#strings [data-string]').forEach(function (el) {
    strings[el.dataset.string] = el.textContent;
  });
  var typeNames = {};
  document.querySelectorAll('#type-names [data-type]').forEach(function (el) {
    typeNames[el.dataset.type] = el.textContent;
  });
  var message = document.getElementById('message');
  var loading = document.getElementById('loading');
  var empty = document.getElementById('empty');
  var list = document.getElementById('tokens');
  var template = document.getElementById('token-template');
  var uniqueId = 0;

  var LOZENGE_CLASS = { VALID: 'success', EXPIRED: 'removed', INVALID: 'removed', MISSING: '' };

  function format(text, value) {
    return text.replace('{0}', value);
  }

  function show(kind, text) {
    message.className = 'message ' + (kind || '');
    message.textContent = text;
    message.hidden = !text;
    GitBridge.resize();
  }

  function problemText(response, fallback) {
    var body = response.body || {};
    return body.detail || fallback || strings['error.failed'];
  }

  function isAws(token) {
    return token.type === 'AWS_CODECOMMIT';
  }

  function isStored(token) {
    return token.status !== 'MISSING';
  }

  /** Only http(s) addresses become links; anything else from the server is not followed. */
  function safeUrl(address) {
    try {
      var url = new URL(address);
      return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  function startOfDay(date) {
    return new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
  }

  /** {expired, text} for an ISO instant, counted in the user's own calendar days; null when there is none. */
  function expiry(expiresAt) {
    if (!expiresAt) {
      return null;
    }
    var at = new Date(expiresAt);
    if (isNaN(at.getTime())) {
      return null;
    }
    var now = new Date();
    if (at.getTime() <= now.getTime()) {
      return { expired: true, text: '', at: at };
    }
    var days = Math.round((startOfDay(at) - startOfDay(now)) / DAY_MS);
    var text = days <= 0 ? strings['status.expiresToday']
      : days === 1 ? strings['status.expiresInOneDay']
      : format(strings['status.expiresInDays'], days);
    return { expired: false, text: text, at: at };
  }

  /** The token as it reads after removal: the integration stays, nothing about a token does. */
  function missing(token) {
    return Object.assign({}, token, { status: 'MISSING', hint: null, login: null, scopes: [], expiresAt: null });
  }

  function slot(card, name) {
    return card.querySelector('[data-slot="' + name + '"]');
  }

  function setText(el, text) {
    el.textContent = text || '';
    el.hidden = !text;
  }

  function fill(card, token) {
    card.dataset.integrationId = token.integrationId;
    slot(card, 'name').textContent = token.integrationName;
    slot(card, 'type').textContent = typeNames[token.type] || token.type;
    slot(card, 'required').hidden = !token.required;

    var status = token.status in LOZENGE_CLASS ? token.status : 'INVALID';
    var detail = '';
    var detailEl = slot(card, 'status-detail');
    detailEl.removeAttribute('title');
    if (status === 'VALID') {
      var expires = expiry(token.expiresAt);
      if (expires && expires.expired) {
        status = 'EXPIRED';
      } else {
        detail = (token.login ? format(strings['status.actingAs'], token.login) : strings['status.accepted'])
          + (expires ? expires.text : '');
        if (expires) {
          detailEl.title = expires.at.toLocaleString();
        }
      }
    }
    var word = slot(card, 'status-word');
    word.className = 'lozenge ' + LOZENGE_CLASS[status];
    word.textContent = strings['status.' + status];
    slot(card, 'status-separator').textContent = detail ? strings['status.separator'] : '';
    detailEl.textContent = detail;

    setText(slot(card, 'hint'), token.hint ? format(strings[isAws(token) ? 'hint.aws' : 'hint'], token.hint) : '');
    var scopes = Array.isArray(token.scopes) ? token.scopes.filter(Boolean) : [];
    setText(slot(card, 'scopes'), scopes.length ? format(strings.scopes, scopes.join(', ')) : '');
    var note = '';
    if (status === 'MISSING') {
      note = strings[token.required ? 'note.requiredMissing' : 'note.optionalMissing'];
    } else if (status !== 'VALID') {
      note = strings[token.required ? 'note.requiredBroken' : 'note.optionalBroken'];
    }
    setText(slot(card, 'note'), note);

    var link = slot(card, 'new-token');
    var href = safeUrl(token.newTokenUrl);
    if (href) {
      link.href = href;
    } else {
      link.removeAttribute('href');
    }
    link.hidden = !href;
    setText(slot(card, 'steps'), token.tokenSteps);

    card.querySelector('[data-credential="token"]').hidden = isAws(token);
    card.querySelector('[data-credential="aws"]').hidden = !isAws(token);
    slot(card, 'replace-help').hidden = !isStored(token);
    card.querySelector('[data-action="remove"]').hidden = !isStored(token);
    if (!isStored(token)) {
      slot(card, 'confirm').hidden = true;
    }
  }

  /** Ties each label to its input and each input to the place for its error. */
  function labelInputs(card) {
    var formError = card.querySelector('[data-error-for="form"]');
    formError.id = 'form-error-' + (++uniqueId);
    card.querySelectorAll('label[data-for]').forEach(function (label) {
      var input = card.querySelector('[name="' + label.dataset.for + '"]');
      var error = card.querySelector('[data-error-for="' + label.dataset.for + '"]');
      input.id = 'field-' + (++uniqueId);
      label.htmlFor = input.id;
      error.id = input.id + '-error';
      input.setAttribute('aria-describedby', error.id + ' ' + formError.id);
    });
    var headingId = 'integration-' + (++uniqueId);
    slot(card, 'name').id = headingId;
    card.setAttribute('aria-labelledby', headingId);
  }

  function clearErrors(form) {
    form.querySelectorAll('[data-error-for]').forEach(function (el) { el.textContent = ''; });
    form.querySelectorAll('input').forEach(function (input) { input.removeAttribute('aria-invalid'); });
  }

  /** Puts text beside the field named; a name the form has no field for goes under the fields. */
  function fieldError(form, field, text) {
    var el = form.querySelector('[data-error-for="' + field + '"]');
    if (!el || el.closest('[hidden]')) {
      el = form.querySelector('[data-error-for="form"]');
    }
    el.textContent = el.textContent ? el.textContent + ' ' + text : text;
    var input = form.elements[field];
    if (input && !input.closest('[hidden]')) {
      input.setAttribute('aria-invalid', 'true');
    }
  }

  function focusFirstInvalid(form, fallback) {
    var first = form.querySelector('input[aria-invalid="true"]');
    (first && !first.closest('[hidden]') ? first : fallback).focus();
  }

  function visibleInputs(form) {
    return Array.prototype.filter.call(form.querySelectorAll('input'), function (input) {
      return !input.closest('[hidden]');
    });
  }

  function forgetSecrets(form, everything) {
    form.querySelectorAll('input').forEach(function (input) {
      if (everything || input.type === 'password') {
        input.value = '';
      }
    });
  }

  function setResult(card, kind, text) {
    var result = slot(card, 'result');
    result.className = kind === 'error' ? 'error' : kind === 'success' ? 'token-result-success' : 'subtle';
    result.textContent = text || '';
    GitBridge.resize();
  }

  function tokenPath(token) {
    return '/api/me/tokens/' + encodeURIComponent(token.integrationId);
  }

  /** The body to PUT, or null after marking the empty fields. */
  function credentialFrom(form, token) {
    if (isAws(token)) {
      var keyId = form.elements.accessKeyId.value.trim();
      var secret = form.elements.secretAccessKey.value.trim();
      if (!keyId) {
        fieldError(form, 'accessKeyId', strings['error.emptyAccessKeyId']);
      }
      if (!secret) {
        fieldError(form, 'secretAccessKey', strings['error.emptySecretAccessKey']);
      }
      return keyId && secret ? { accessKeyId: keyId, secretAccessKey: secret } : null;
    }
    var value = form.elements.token.value.trim();
    if (!value) {
      fieldError(form, 'token', strings['error.empty']);
      return null;
    }
    return { token: value };
  }

  function createCard(initial) {
    var card = template.content.firstElementChild.cloneNode(true);
    var state = { token: initial };
    var form = slot(card, 'form');
    var save = card.querySelector('[data-action="save"]');
    var remove = card.querySelector('[data-action="remove"]');
    var confirm = slot(card, 'confirm');
    var confirmRemove = card.querySelector('[data-action="confirm-remove"]');
    labelInputs(card);

    form.addEventListener('input', function (event) {
      var error = form.querySelector('[data-error-for="' + event.target.name + '"]');
      if (error) {
        error.textContent = '';
      }
      form.querySelector('[data-error-for="form"]').textContent = '';
      event.target.removeAttribute('aria-invalid');
    });

    form.addEventListener('submit', async function (event) {
      event.preventDefault();
      if (save.disabled) {
        return;
      }
      clearErrors(form);
      setResult(card, '', '');
      var body = credentialFrom(form, state.token);
      if (!body) {
        focusFirstInvalid(form, save);
        GitBridge.resize();
        return;
      }
      save.disabled = true;
      form.setAttribute('aria-busy', 'true');
      setResult(card, '', strings.saving);
      try {
        var response = await GitBridge.api(tokenPath(state.token), { method: 'PUT', body: body });
        if (response.status === 200 && response.body) {
          forgetSecrets(form, true);
          state.token = response.body;
          fill(card, state.token);
          setResult(card, 'success', strings.saved);
        } else if (response.status === 422) {
          // The host refused it and nothing was stored: nothing typed is kept either.
          forgetSecrets(form, true);
          setResult(card, '', '');
          fieldError(form, isAws(state.token) ? 'form' : 'token', problemText(response, strings['error.rejected']));
          visibleInputs(form).forEach(function (input) { input.setAttribute('aria-invalid', 'true'); });
          focusFirstInvalid(form, save);
        } else if (response.status === 400 && response.body && response.body.errors) {
          forgetSecrets(form, false);
          setResult(card, '', '');
          var errors = response.body.errors;
          Object.keys(errors).forEach(function (key) {
            fieldError(form, key.replace(/^credential\./, ''), errors[key]);
          });
          focusFirstInvalid(form, save);
        } else {
          forgetSecrets(form, false);
          setResult(card, 'error', problemText(response));
        }
      } catch (e) {
        forgetSecrets(form, false);
        setResult(card, 'error', strings['error.failed']);
      } finally {
        save.disabled = false;
        form.removeAttribute('aria-busy');
        GitBridge.resize();
      }
    });

    function closeConfirm(focus) {
      confirm.hidden = true;
      if (focus && !remove.hidden) {
        remove.focus();
      }
      GitBridge.resize();
    }

    remove.addEventListener('click', function () {
      setResult(card, '', '');
      confirm.hidden = false;
      GitBridge.resize();
      slot(card, 'confirm-title').focus();
    });
    card.querySelector('[data-action="cancel-remove"]').addEventListener('click', function () { closeConfirm(true); });
    confirm.addEventListener('keydown', function (event) {
      if (event.key === 'Escape') {
        closeConfirm(true);
      }
    });
    confirmRemove.addEventListener('click', async function () {
      confirmRemove.disabled = true;
      try {
        var response = await GitBridge.api(tokenPath(state.token), { method: 'DELETE' });
        if (response.status === 204 || response.ok) {
          state.token = missing(state.token);
          clearErrors(form);
          fill(card, state.token);
          setResult(card, 'success', strings.removed);
          visibleInputs(form)[0].focus();
        } else {
          setResult(card, 'error', problemText(response));
        }
      } catch (e) {
        setResult(card, 'error', strings['error.failed']);
      } finally {
        confirmRemove.disabled = false;
        GitBridge.resize();
      }
    });

    fill(card, initial);
    return card;
  }

  function render(tokens) {
    list.replaceChildren();
    empty.hidden = tokens.length > 0;
    list.hidden = tokens.length === 0;
    tokens.forEach(function (token) {
      list.append(createCard(token));
    });
    GitBridge.resize();
  }

  async function load() {
    try {
      var response = await GitBridge.api('/api/me/tokens');
      loading.hidden = true;
      if (response.ok && Array.isArray(response.body)) {
        render(response.body);
      } else {
        show('error', problemText(response));
      }
    } catch (e) {
      loading.hidden = true;
      show('error', strings['error.failed']);
    }
  }

  load();
})();
