// Linked with --post-js (web/wasm.cmake): the JS class `CoreEngine` over web/bindings.cpp's
// engine* functions, with the methods the Embind class had (problems, ingest, report, stage,
// save, restore, reset, delete). Quoted names survive closure.
/** @constructor */
function CoreEngine(modelText) {
  this.id = Module['engineOpen'](modelText);
}
CoreEngine.prototype['problems'] = function () { return Module['engineProblems'](this.id); };
CoreEngine.prototype['ingest'] = function (eventText) { return Module['engineIngest'](this.id, eventText); };
CoreEngine.prototype['report'] = function (now, withEvents) { return Module['engineReport'](this.id, now, withEvents); };
CoreEngine.prototype['stage'] = function () { return Module['engineStage'](this.id); };
CoreEngine.prototype['save'] = function () { return Module['engineSave'](this.id); };
CoreEngine.prototype['restore'] = function (blob) { return Module['engineRestore'](this.id, blob); };
CoreEngine.prototype['reset'] = function () { Module['engineReset'](this.id); };
CoreEngine.prototype['delete'] = function () { Module['engineClose'](this.id); };
Module['CoreEngine'] = CoreEngine;
