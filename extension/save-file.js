// Saves text as a file the user downloads: a blob URL on a link, made in an extension page
// (nothing is sent anywhere). Used by the options' exports and the popup's anonymised copy.
globalThis.VinculoSaveFile = ({ filename, mime, text }) => {
  const url = URL.createObjectURL(new Blob([text], { type: mime }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
};
