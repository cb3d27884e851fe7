// On a screen narrower than a wide desktop the list or form needs the room Django's navigation
// takes, so there it starts folded; the « button opens it and Django remembers that choice.
// Runs before Django's own nav_sidebar.js (deferred), which reads the same setting.
(function () {
  "use strict";
  var key = "django.admin.navSidebarIsOpen";
  try {
    if (localStorage.getItem(key) === null && window.innerWidth < 1400) {
      localStorage.setItem(key, "false");
    }
  } catch (error) {
    // Without storage Django's default (open) applies.
  }
}());
