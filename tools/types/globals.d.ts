// The globals the extension's classic scripts set, for `tsc --checkJs` (./build.sh test).
// The protocol's message shapes themselves are JSDoc types in extension/protocol.js.
declare var VinculoApi: any;
declare var VinculoWorker: { send(message: any): Promise<any> };
declare var VinculoI18n: { t(key: string, args?: any[]): string; format(value: any): string; useTexts(texts: Record<string, string>, lang: string): void; readonly uiLang: string };
declare var VinculoPageI18n: { ready: Promise<void> };
declare var VinculoSaveFile: (file: { filename: string; mime: string; text: string }) => void;

