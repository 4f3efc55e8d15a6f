// A button marked data-print prints the page (the pages' policy allows no inline handlers).
(function () {
  var buttons = document.querySelectorAll('[data-print]');
  for (var i = 0; i < buttons.length; i++) buttons[i].addEventListener('click', function () { window.print(); });
})();
