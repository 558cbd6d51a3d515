// Renders the API documentation with Redoc (loaded before this file from our own static files)
// into the page's #redoc element; the schema's URL is in its data-spec-url attribute.
(function () {
  "use strict";
  var element = document.getElementById("redoc");
  if (element && window.Redoc) {
    window.Redoc.init(element.getAttribute("data-spec-url"), {}, element);
  }
})();
