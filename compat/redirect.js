/**
 * Require hook for the compatibility tests: `node -r ./compat/redirect.js ...` resolves module ids through the map in
 * FHP_REDIRECT (JSON, e.g. {"@cdktf/provider-aws": "@cdktf/provider-aws-21"}): an id equal to a key, or starting with
 * the key followed by "/", is resolved with the key replaced by its value. Nothing else changes.
 */
"use strict";
const Module = require("module");

const map = Object.entries(JSON.parse(process.env.FHP_REDIRECT || "{}"));
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  for (const [from, to] of map) {
    if (request === from || request.startsWith(from + "/")) {
      request = to + request.slice(from.length);
      break;
    }
  }
  return resolve.call(this, request, ...rest);
};
