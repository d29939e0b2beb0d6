// The pages' only contact with Connect's AP: a fetch that carries the context JWT, navigation, and resizing.
// A Forge front would replace this file, not the pages' own scripts.
(function () {
  'use strict';

  function contextToken() {
    return new Promise(function (resolve, reject) {
      try {
        var result = AP.context.getToken(resolve);
        if (result && typeof result.then === 'function') {
          result.then(resolve, reject);
        }
      } catch (e) {
        reject(e);
      }
    });
  }

  /** Calls the app's JSON API; resolves to {status, body}, body parsed when JSON. */
  async function api(path, options) {
    options = options || {};
    var token = await contextToken();
    var headers = Object.assign({ 'Authorization': 'JWT ' + token, 'Accept': 'application/json' }, options.headers || {});
    var init = { method: options.method || 'GET', headers: headers };
    if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(options.body);
    }
    var response = await fetch(path, init);
    var text = await response.text();
    var body = null;
    if (text) {
      try { body = JSON.parse(text); } catch (e) { body = { detail: text }; }
    }
    return { status: response.status, ok: response.ok, body: body, headers: response.headers };
  }

  function openUserSettings() {
    AP.navigator.go('addonmodule', { moduleKey: 'user-settings' });
  }

  function resize() {
    if (window.AP && AP.resize) {
      AP.resize();
    }
  }

  window.GitBridge = Object.assign(window.GitBridge || {}, { api: api, openUserSettings: openUserSettings, resize: resize });
})();
