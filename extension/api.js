// The one place that knows Chromium calls the extension API `chrome` and Firefox `browser`
// (both return promises in Manifest V3). Everything else uses `VinculoApi`.
globalThis.VinculoApi = globalThis.browser?.runtime ? globalThis.browser : globalThis.chrome;
