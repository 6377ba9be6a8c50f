// The query page without JavaScript is a plain form; this only adds SPARQL highlighting.
(function () {
  "use strict";
  var textarea = document.getElementById("query-editor");
  if (!textarea || typeof CodeMirror === "undefined") { return; }
  var editor = CodeMirror.fromTextArea(textarea, {
    mode: "application/sparql-query",
    lineNumbers: true,
    matchBrackets: true,
    indentUnit: 2,
    extraKeys: {
      "Ctrl-Enter": function () { editor.save(); document.getElementById("query-form").submit(); },
      "Cmd-Enter": function () { editor.save(); document.getElementById("query-form").submit(); }
    }
  });
  window.exportgraphEditor = editor;
})();
