// Test stand-in for Jira's all.js (atlassian.connect.all-js-url=/test/all.js in the test profile).
// Like the real one it gives the page a global AP whose calls travel to the parent window with postMessage: the
// parent's origin comes from the xdm_e query parameter Jira puts on every iframe URL, requests go only to that origin
// and only answers from the parent window at that origin are taken. The parent (the browser tests' stand-in Jira,
// testing/browser/StandInJira) mints context tokens, records navigation, resizes the iframe and records dialogs.
// Provides: AP.context.getToken(callback) and getContext(callback), each also returning a promise;
// AP.navigator.go(target, context); AP.resize(width, height), also automatic on content changes as all.js does unless
// data-options has resize:false; AP.sizeToParent(); AP.dialog.create/close/getCustomData/getButton.
(function () {
  'use strict';

  var query = new URLSearchParams(window.location.search);
  var hostOrigin = query.get('xdm_e');
  var script = document.currentScript;
  var options = script && script.getAttribute('data-options') || '';
  var pending = {};
  var nextId = 0;

  function framed() {
    return hostOrigin && window.parent && window.parent !== window;
  }

  /** One call to the parent window; resolves with its answer. */
  function call(method, args) {
    return new Promise(function (resolve, reject) {
      if (!framed()) {
        reject(new Error('AP: this page is not framed by Jira (no xdm_e or no parent window)'));
        return;
      }
      var id = ++nextId;
      pending[id] = { resolve: resolve, reject: reject };
      window.parent.postMessage({ standInAp: 'request', id: id, method: method, args: args || [] }, hostOrigin);
    });
  }

  window.addEventListener('message', function (event) {
    var data = event.data;
    if (event.source !== window.parent || event.origin !== hostOrigin || !data || data.standInAp !== 'response') {
      return;
    }
    var waiting = pending[data.id];
    if (!waiting) {
      return;
    }
    delete pending[data.id];
    if (data.error) {
      waiting.reject(new Error(data.error));
    } else {
      waiting.resolve(data.result);
    }
  });

  /** Calls back (when given) and returns the promise, as all.js's asynchronous AP methods do. */
  function withCallback(promise, callback) {
    if (typeof callback === 'function') {
      promise.then(callback, function () { /* all.js gives the callback nothing on failure */ });
    }
    return promise;
  }

  function contentHeight() {
    return Math.ceil(document.documentElement.getBoundingClientRect().height);
  }

  var lastHeight = null;

  function resize(width, height, automatic) {
    var h = height === undefined || height === null ? contentHeight() + 'px' : String(height);
    if (automatic && h === lastHeight) {
      return;
    }
    lastHeight = h;
    call('resize', [width === undefined || width === null ? '100%' : String(width), h, !!automatic])
        .catch(function () { /* not framed */ });
  }

  window.AP = {
    context: {
      getToken: function (callback) {
        return withCallback(call('context.getToken'), callback);
      },
      getContext: function (callback) {
        return withCallback(call('context.getContext'), callback);
      }
    },
    navigator: {
      go: function (target, context) {
        call('navigator.go', [target, context || {}]).catch(function () { /* not framed */ });
      }
    },
    resize: function (width, height) {
      resize(width, height, false);
    },
    sizeToParent: function () {
      call('sizeToParent').catch(function () { /* not framed */ });
    },
    dialog: {
      create: function (dialogOptions) {
        call('dialog.create', [dialogOptions || {}]).catch(function () { /* not framed */ });
        return {
          on: function () { /* the stand-in never closes dialogs by itself */ },
          close: function (data) { call('dialog.close', [data]).catch(function () { /* not framed */ }); }
        };
      },
      close: function (data) {
        call('dialog.close', [data]).catch(function () { /* not framed */ });
      },
      getCustomData: function (callback) {
        return withCallback(call('dialog.getCustomData'), callback);
      },
      getButton: function () {
        return { enable: function () {}, disable: function () {}, bind: function () {} };
      }
    }
  };

  // all.js keeps the iframe as tall as its content unless told not to.
  if (!/resize\s*:\s*false/.test(options) && window.ResizeObserver) {
    var start = function () {
      new ResizeObserver(function () { resize(null, null, true); }).observe(document.documentElement);
    };
    if (document.readyState === 'loading') {
      document.addEventListener('DOMContentLoaded', start);
    } else {
      start();
    }
  }
})();
